#include "cli/api_client.h"

#include <curl/curl.h>

#include <boost/json/parse.hpp>
#include <cstdlib>
#include <mutex>

namespace intentd::cli {
namespace json = boost::json;

namespace {

constexpr long kConnectTimeoutMs = 5000;
constexpr long kTotalTimeoutMs = 30000;
constexpr std::size_t kMaxAnswerBytes = 16 << 20;

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void percent_encode(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
}

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* out) {
  auto* s = static_cast<std::string*>(out);
  const std::size_t bytes = size * n;
  if (s->size() + bytes > kMaxAnswerBytes) return 0;  // aborts the transfer
  s->append(data, bytes);
  return bytes;
}

// Stripe's {"error": {"message": …}} when present, else a short description of the answer.
std::string error_message(int status, const json::value& body, const std::string& text) {
  if (const auto* o = body.if_object()) {
    if (const auto* e = o->if_contains("error"); e && e->is_object()) {
      if (const auto* m = e->as_object().if_contains("message"); m && m->is_string())
        return std::string(m->as_string());
    }
  }
  std::string head = text.substr(0, 200);
  for (char& c : head)
    if (c == '\n' || c == '\r') c = ' ';
  return "HTTP " + std::to_string(status) + (head.empty() ? "" : ": " + head);
}

}  // namespace

ApiClient::ApiClient(std::string server, std::string api_key)
    : server_(std::move(server)), api_key_(std::move(api_key)) {
  while (!server_.empty() && server_.back() == '/') server_.pop_back();
  static std::once_flag global;
  std::call_once(global, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

ApiResponse ApiClient::get(std::string_view path) const {
  return send("GET", path, {});
}

ApiResponse ApiClient::post(std::string_view path, const FormParams& params) const {
  return send("POST", path, form_encode(params));
}

ApiResponse ApiClient::del(std::string_view path) const {
  return send("DELETE", path, {});
}

ApiResponse ApiClient::send(std::string_view method, std::string_view path,
                            std::string body) const {
  ApiResponse r;
  CURL* e = curl_easy_init();
  if (e == nullptr) {
    r.error = "could not initialise libcurl";
    return r;
  }
  const std::string url = server_ + std::string(path);
  const std::string method_str(method);
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, ("Authorization: Bearer " + api_key_).c_str());
  headers = curl_slist_append(headers, "Accept: application/json");
  if (method == "POST") {
    headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded");
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else if (method != "GET") {
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method_str.c_str());
  }
  std::string text;
  curl_easy_setopt(e, CURLOPT_URL, url.c_str());
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &text);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, kTotalTimeoutMs);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_USERAGENT, "intentd-cli/" INTENTD_VERSION);
  const CURLcode rc = curl_easy_perform(e);
  if (rc == CURLE_OK) {
    long code = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
    r.status = static_cast<int>(code);
  } else {
    r.error = "could not reach " + server_ + ": " + curl_easy_strerror(rc);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(e);
  if (r.status == 0) return r;

  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (!ec) r.body = std::move(parsed);
  if (!r.ok()) r.error = error_message(r.status, r.body, text);
  return r;
}

std::string resolve_api_key(const std::string& flag) {
  if (!flag.empty()) return flag;
  for (const char* name : {"INTENTD_API_KEY", "STRIPE_API_KEY"}) {
    const char* v = std::getenv(name);
    if (v != nullptr && *v != '\0') return v;
  }
  return {};
}

std::string form_encode(const FormParams& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    percent_encode(out, k);
    out += '=';
    percent_encode(out, v);
  }
  return out;
}

std::string path_escape(std::string_view segment) {
  std::string out;
  percent_encode(out, segment);
  return out;
}

}  // namespace intentd::cli

#include "base/api_error.h"

#include "base/json_text.h"

namespace intentd {

std::string_view to_string(ErrorType type) {
  switch (type) {
    case ErrorType::kApiError:
      return "api_error";
    case ErrorType::kCardError:
      return "card_error";
    case ErrorType::kIdempotencyError:
      return "idempotency_error";
    case ErrorType::kInvalidRequestError:
      return "invalid_request_error";
  }
  return "api_error";
}

boost::json::object ApiError::to_json() const {
  boost::json::object e;
  if (!code.empty()) e["code"] = code;
  if (!decline_code.empty()) e["decline_code"] = decline_code;
  if (!code.empty()) {
    std::string slug = code;
    for (char& c : slug)
      if (c == '_') c = '-';
    e["doc_url"] = "https://stripe.com/docs/error-codes/" + slug;
  }
  e["message"] = message;
  if (!param.empty()) e["param"] = param;
  for (const auto& kv : extra) e[kv.key()] = kv.value();
  e["type"] = to_string(type);
  boost::json::object root;
  root["error"] = std::move(e);
  return root;
}

boost::json::object ApiError::to_v2_json() const {
  boost::json::object e;
  e["type"] = to_string(type);
  std::string c = code;
  if (type == ErrorType::kIdempotencyError) c = "idempotency_error";
  if (c == "resource_missing") c = "not_found";
  if (c.empty()) c = status >= 500 ? "internal_error" : "invalid_request";
  e["code"] = c;
  e["message"] = message;
  boost::json::object root;
  root["error"] = std::move(e);
  return root;
}

std::string ApiError::body(bool v2) const {
  return json_text(v2 ? to_v2_json() : to_json());
}

ApiError ApiError::invalid_request(std::string message, std::string param, std::string code) {
  ApiError e;
  e.status = 400;
  e.message = std::move(message);
  e.param = std::move(param);
  e.code = std::move(code);
  return e;
}

ApiError ApiError::resource_missing(std::string_view kind, std::string_view id, std::string param) {
  // An id in the path is a missing resource (404); an id passed as a param is a bad request.
  const int status = param == "id" ? 404 : 400;
  ApiError e = invalid_request("No such " + std::string(kind) + ": '" + std::string(id) + "'",
                               std::move(param), "resource_missing");
  e.status = status;
  return e;
}

ApiError ApiError::parameter_unknown(const std::string& param) {
  return invalid_request("Received unknown parameter: " + param, param, "parameter_unknown");
}

ApiError ApiError::parameter_missing(const std::string& param) {
  return invalid_request("Missing required param: " + param + ".", param, "parameter_missing");
}

ApiError ApiError::parameter_invalid_empty(const std::string& param) {
  return invalid_request("You passed an empty string for '" + param +
                             "'. We assume empty values are an attempt to unset a parameter; "
                             "however '" +
                             param + "' cannot be unset. You should remove '" + param +
                             "' from your request or supply a non-empty value.",
                         param, "parameter_invalid_empty");
}

ApiError ApiError::not_supported(const std::string& param) {
  return invalid_request(
      "The parameter '" + param + "' is valid in Stripe's API but intentd does not support it yet.",
      param);
}

ApiError ApiError::unrecognized_url(std::string_view method, std::string_view path) {
  ApiError e = invalid_request("Unrecognized request URL (" + std::string(method) + ": " +
                               std::string(path) +
                               "). Please see https://stripe.com/docs or we can help at "
                               "https://support.stripe.com/.");
  e.status = 404;
  return e;
}

ApiError ApiError::internal(std::string_view what) {
  ApiError e;
  e.status = 500;
  e.type = ErrorType::kApiError;
  e.message = "An unknown error occurred while processing your request.";
  (void)what;
  return e;
}

}  // namespace intentd

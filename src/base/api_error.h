// ApiError is one Stripe error as the API renders it: an HTTP status plus the fields of
// {"error": {...}}. Every failure a client can see is one of these; nothing else is thrown.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace intentd {

enum class ErrorType { kApiError, kCardError, kIdempotencyError, kInvalidRequestError };

std::string_view to_string(ErrorType type);

struct ApiError {
  int status = 400;
  ErrorType type = ErrorType::kInvalidRequestError;
  std::string code;          // empty: absent from the JSON
  std::string decline_code;  // empty: absent
  std::string message;
  std::string param;  // empty: absent
  // Objects or ids that some errors carry (payment_intent, payment_method, charge, ...).
  boost::json::object extra;
  // A declined payment is an error answer, yet what the attempt wrote (the failed charge, the
  // intent's last_payment_error, their events) must still commit.
  bool keep_writes = false;

  ApiError& with_param(std::string p) {
    param = std::move(p);
    return *this;
  }

  // {"error": {...}} with doc_url derived from the code.
  boost::json::object to_json() const;
  // The /v2 shape: {"error": {type, code, message}} where code is always present.
  boost::json::object to_v2_json() const;
  std::string body(bool v2 = false) const;

  // Constructors for the errors every endpoint shares. Messages follow Stripe's wording.
  static ApiError invalid_request(std::string message, std::string param = {},
                                  std::string code = {});
  static ApiError resource_missing(std::string_view kind, std::string_view id,
                                   std::string param = "id");
  static ApiError parameter_unknown(const std::string& param);
  static ApiError parameter_missing(const std::string& param);
  static ApiError parameter_invalid_empty(const std::string& param);
  static ApiError not_supported(const std::string& param);
  static ApiError unrecognized_url(std::string_view method, std::string_view path);
  static ApiError internal(std::string_view what = {});
};

}  // namespace intentd

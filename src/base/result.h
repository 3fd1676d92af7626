// Result<T> holds either a value or the ApiError that explains why there is none, so
// failures travel by return value on the data path instead of by exception.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "base/api_error.h"

namespace intentd {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(ApiError error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const ApiError& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  ApiError&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, ApiError> v_;
};

// Status is a Result with nothing to return.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ApiError error) : error_(std::move(error)), ok_(false) {}
  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const ApiError& error() const& {
    assert(!ok_);
    return error_;
  }
  ApiError&& error() && {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  ApiError error_;
  bool ok_ = true;
};

}  // namespace intentd

// Propagates the error of an expression yielding Result/Status, else continues.
#define INTENTD_TRY(expr)                                               \
  do {                                                                  \
    auto&& intentd_try_r_ = (expr);                                     \
    if (!intentd_try_r_.ok()) return std::move(intentd_try_r_).error(); \
  } while (0)

// Binds the value of a Result expression to `lhs`, or returns its error.
#define INTENTD_ASSIGN_OR_RETURN(lhs, expr) \
  INTENTD_ASSIGN_IMPL_(lhs, expr, INTENTD_CAT_(r_, __LINE__))
#define INTENTD_CAT_(a, b) INTENTD_CAT2_(a, b)
#define INTENTD_CAT2_(a, b) a##b
#define INTENTD_ASSIGN_IMPL_(lhs, expr, tmp)    \
  auto tmp = (expr);                            \
  if (!tmp.ok()) return std::move(tmp).error(); \
  lhs = std::move(tmp).value()

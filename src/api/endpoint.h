// Endpoint declares one API operation: method and path, its params, which keys may call it,
// what it returns (for expand) and the handler. The route table is a list of these.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "api/call.h"
#include "api/param_schema.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::api {

// Reads run on a read-only snapshot; writes run on the group-commit writer.
using ReadHandler = Result<boost::json::value> (*)(const Call&, store::ReadTxn&);
using WriteHandler = Result<boost::json::value> (*)(const Call&, store::Txn&);

enum class Access {
  kSecretKey,       // the default: secret keys only
  kPublishableKey,  // also publishable keys (client-side confirm with a client_secret, ...)
};

// What the handler returns, so expand[] paths can be checked before it runs.
enum class Returns {
  kObject,   // one object of `object_type`
  kList,     // {object: "list", data: [object_type...]}
  kDeleted,  // {id, object, deleted: true}
};

struct Endpoint {
  std::string_view method;
  std::string_view path;  // segments starting with ':' are ids, e.g. /v1/customers/:id
  Param params;
  ReadHandler read = nullptr;
  WriteHandler write = nullptr;
  std::string_view object_type;
  Returns returns = Returns::kObject;
  Access access = Access::kSecretKey;
};

// Declaration helpers, so the route table reads like the API reference.
inline Endpoint get(std::string_view path, ReadHandler h, std::string_view type, Param params,
                    Returns returns = Returns::kObject) {
  return Endpoint{"GET", path, std::move(params), h, nullptr, type, returns};
}
inline Endpoint post(std::string_view path, WriteHandler h, std::string_view type, Param params) {
  return Endpoint{"POST", path, std::move(params), nullptr, h, type, Returns::kObject};
}
inline Endpoint del(std::string_view path, WriteHandler h, std::string_view type, Param params) {
  return Endpoint{"DELETE", path, std::move(params), nullptr, h, type, Returns::kDeleted};
}
// The params of an endpoint that takes none (but expand[]).
inline Param no_params() {
  return Param::hash({});
}
// Marks an endpoint that publishable keys may call too (with a client_secret, as Stripe.js).
inline Endpoint client_side(Endpoint e) {
  e.access = Access::kPublishableKey;
  return e;
}

}  // namespace intentd::api

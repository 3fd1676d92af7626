// A family is one folder of Stripe resources (customers, catalog, payment intents, ...) as the
// server sees it: the object types it makes, its routes, its expandable fields, the background
// jobs it runs, the events it emits and the intents it may own. resources/registry.cc lists
// every family; the router and `intentd serve` read only the registry.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "api/client_view.h"
#include "api/endpoint.h"
#include "api/expand.h"
#include "base/clock.h"
#include "base/object_type.h"
#include "base/settings.h"
#include "jobs/runner.h"
#include "resources/shared/intent_owner.h"

namespace intentd::resources {

// The words every family's route table is written in (api/endpoint.h).
using api::client_side;
using api::del;
using api::get;
using api::no_params;
using api::Param;
using api::post;
using api::Returns;

// What a job handler is built from.
struct JobContext {
  const Clock& clock;
  const Settings& settings;
};

// A kind of durable job (store::Job::kind) and how to build its handler.
struct JobKind {
  std::string_view kind;
  std::unique_ptr<jobs::Handler> (*make)(const JobContext& context);
};

// The factory of a handler built from (clock, settings), which every family's jobs are.
template <class Handler>
std::unique_ptr<jobs::Handler> make_job(const JobContext& context) {
  return std::make_unique<Handler>(context.clock, context.settings);
}

struct Family {
  std::string_view name = {};
  // Every object type the family makes ids for, its API resources and their nested objects.
  std::vector<ObjectType> objects = {};
  // Its endpoints, in the order of Stripe's API reference.
  std::vector<api::Endpoint> routes = {};
  // Declares the fields of its objects that expand[] may expand.
  void (*expandables)(api::ExpandRules& rules) = nullptr;
  std::vector<JobKind> jobs = {};
  // The v1 event types its objects emit.
  std::vector<std::string_view> events = {};
  // The owner types among its objects that start intents, with their callbacks.
  std::vector<IntentOwner> intent_owners = {};
  // What a publishable key sees of those of its objects it may read.
  std::vector<api::ClientView> client_views = {};
};

}  // namespace intentd::resources

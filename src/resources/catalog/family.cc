#include "resources/catalog/family.h"

#include "resources/catalog/prices.h"
#include "resources/catalog/products.h"

namespace intentd::resources::catalog {

namespace {

void add_expandables(api::ExpandRules& rules) {
  products::add_expandables(rules);
  prices::add_expandables(rules);
}

}  // namespace

Family family() {
  return Family{
      .name = "catalog",
      .objects = {products::kType, prices::kType},
      .routes =
          {
              // Products
              post("/v1/products", products::create, products::kType, products::create_params()),
              get("/v1/products/:id", products::retrieve, products::kType, no_params()),
              post("/v1/products/:id", products::update, products::kType,
                   products::update_params()),
              del("/v1/products/:id", products::remove, products::kType, no_params()),
              get("/v1/products", products::list, products::kType, products::list_params(),
                  Returns::kList),

              // Prices (never deleted: a price is archived with active=false)
              post("/v1/prices", prices::create, prices::kType, prices::create_params()),
              get("/v1/prices/:id", prices::retrieve, prices::kType, no_params()),
              post("/v1/prices/:id", prices::update, prices::kType, prices::update_params()),
              get("/v1/prices", prices::list, prices::kType, prices::list_params(), Returns::kList),
          },
      .expandables = add_expandables,
      .events = {"product.created", "product.updated", "product.deleted", "price.created",
                 "price.updated"},
  };
}

}  // namespace intentd::resources::catalog

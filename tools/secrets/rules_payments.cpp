// Payments and commerce: Stripe, Square, Shopify, Braintree, Flutterwave, Plaid. Publishable keys
// (Stripe pk_…) are meant for browsers and are not secrets.
#include "tools/secrets/rule.hpp"
#include "tools/secrets/validators.hpp"

namespace tools::secrets {

void add_payment_rules(std::vector<Rule>& rules) {
    rules.push_back({.id = "stripe-secret-key",
                     .description = "Stripe secret key (live or test)",
                     .keywords = {kw_exact("sk_live_"), kw_exact("sk_test_"), kw_exact("sk_prod_")},
                     .pattern = R"(\b(sk_(?:live|test|prod)_[A-Za-z0-9]{24,247})\b)",
                     .after = 264});
    rules.push_back({.id = "stripe-restricted-key",
                     .description = "Stripe restricted key (live or test)",
                     .keywords = {kw_exact("rk_live_"), kw_exact("rk_test_"), kw_exact("rk_prod_")},
                     .pattern = R"(\b(rk_(?:live|test|prod)_[A-Za-z0-9]{24,247})\b)",
                     .after = 264});
    rules.push_back({.id = "stripe-webhook-secret",
                     .description = "Stripe webhook signing secret",
                     .keywords = {kw_exact("whsec_")},
                     .pattern = R"(\b(whsec_[A-Za-z0-9+/]{32,})(?:[^A-Za-z0-9+/]|$))",
                     .check = check_token,
                     .after = 120});
    rules.push_back(
        {.id = "square-access-token",
         .description = "Square production access token",
         .keywords = {kw_exact("EAAA"), kw("sq0atp-")},
         .pattern = R"(\b((?:EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22}))(?:[^A-Za-z0-9_-]|$))",
         .check = check_token,
         .after = 72});
    rules.push_back({.id = "square-oauth-secret",
                     .description = "Square OAuth application secret",
                     .keywords = {kw("sq0csp-")},
                     .pattern = R"(\b(sq0csp-[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$))",
                     .after = 56});
    rules.push_back({.id = "shopify-access-token",
                     .description = "Shopify Admin API / custom app / private app access token",
                     .keywords = {kw("shpat_"), kw("shpca_"), kw("shppa_")},
                     .pattern = R"(\b(shp(?:at|ca|pa)_[a-fA-F0-9]{32})\b)",
                     .after = 40});
    rules.push_back({.id = "shopify-shared-secret",
                     .description = "Shopify app shared secret",
                     .keywords = {kw("shpss_")},
                     .pattern = R"(\b(shpss_[a-fA-F0-9]{32})\b)",
                     .after = 40});
    rules.push_back({.id = "braintree-access-token",
                     .description = "Braintree / PayPal production access token",
                     .keywords = {kw("access_token$production$")},
                     .pattern = R"((access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}))",
                     .after = 80});
    rules.push_back({.id = "flutterwave-secret-key",
                     .description = "Flutterwave secret key",
                     .keywords = {kw_exact("FLWSECK")},
                     .pattern = R"(\b(FLWSECK(?:_TEST)?-[a-h0-9]{32}-X))",
                     .after = 56});
    rules.push_back(
        {.id = "plaid-access-token",
         .description = "Plaid access token",
         .keywords = {kw("access-production-"), kw("access-development-"), kw("access-sandbox-")},
         .pattern =
             R"(\b(access-(?:production|development|sandbox)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b)",
         .after = 64});
}

}  // namespace tools::secrets

// `serve --http` in context-sync-http, the executable that links the HTTP transport (see commands.hpp).
#include <iostream>

#include "server/cli/commands.hpp"
#include "server/transport/http_transport.hpp"

namespace server::cli {

int run_serve_http(const Settings& settings, const ServeArgs& args, char** /*argv*/) {
    auto options = transport::parse_listen_address(args.http);
    if (!options) {
        std::cerr << "context-sync serve: --http takes [ADDR:]PORT, e.g. 8765 or 127.0.0.1:8765\n";
        return 2;
    }
    options->token_file = args.token_file;
    options->allowed_origins = args.allowed_origins;
    const Catalog catalog = make_default_catalog();
    return transport::serve_http(settings, catalog, *options);
}

}  // namespace server::cli

#include "server/cli/cli.hpp"

int main(int argc, char** argv) {
    return server::cli::run(argc, argv);
}

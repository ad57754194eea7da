#include "tools/core/result.hpp"

namespace tools {

const char* to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_argument:
            return "invalid_argument";
        case ErrorCode::not_found:
            return "not_found";
        case ErrorCode::outside_root:
            return "outside_root";
        case ErrorCode::io_error:
            return "io_error";
        case ErrorCode::cancelled:
            return "cancelled";
        case ErrorCode::refused:
            return "refused";
        case ErrorCode::internal:
            return "internal";
    }
    return "internal";
}

}  // namespace tools

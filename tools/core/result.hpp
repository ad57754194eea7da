// Error handling for the domain core. Every fallible function in tools/ returns Result<T>; nothing in
// tools/ throws across its public interface. The server maps Error::code to a protocol-level outcome.
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace tools {

enum class ErrorCode {
    invalid_argument,  // the caller passed something malformed (bad time, bad cursor, bad path)
    not_found,         // a session, file or project that does not exist
    outside_root,      // a path that escapes the directory it must stay under
    io_error,          // the OS refused a read or write
    cancelled,         // the caller asked to stop
    refused,           // the state of the user's data forbids the operation; the message says what to do
    internal,          // a bug: an invariant did not hold
};

struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> make_error(ErrorCode code, std::string message) {
    return tl::unexpected<Error>(Error{code, std::move(message)});
}

const char* to_string(ErrorCode code);

}  // namespace tools

#pragma once
// `certgate store migrate` and `certgate store status`: what an operator of
// a store (an SQLite file, or a PostgreSQL database several notifier hosts
// share) runs to bring its schema up to date and to look at it.

#include "certgate/app/environment.hpp"

#include <optional>
#include <string>

namespace certgate::app {

/// What `certgate store` does.
enum class StoreAction { migrate, status };

/// What `certgate store` is asked.
struct StoreAdminRequest {
    StoreAction action = StoreAction::status;
    std::optional<std::string> store; ///< --store; else CERTGATE_STORE, else the state folder
};

/// Prints nothing: returns the text. migrate opens the store for writing
/// (which migrates it, under an advisory lock on PostgreSQL) and reports the
/// result; status opens it read-only and never writes. Fails with
/// ErrorCode::store when the store cannot be opened or read.
[[nodiscard]] Result<std::string> run_store_admin(const StoreAdminRequest& request, const Environment& environment);

} // namespace certgate::app

#include "certgate/adapters/files/input_files.hpp"

#include "error_text.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

namespace certgate::files {
namespace {

namespace fs = std::filesystem;

using DirectoryId = std::pair<dev_t, ino_t>;

struct Walk {
    const InputLimits& limits;
    std::set<DirectoryId> visited;
    std::vector<std::string> found;
    std::optional<Error> error;
};

// Hidden entries (".git", ".terraform", editors' backups) are not inputs:
// a provider binary in .terraform would otherwise be read and refused.
// Neither are the documents that sit next to certificates (README.md,
// LICENSE): a folder of certificates with a README is checked, not refused.
bool is_skipped(const std::string& name)
{
    if (name.empty() || name.front() == '.') {
        return true;
    }
    auto starts_with = [&name](std::string_view prefix) { return name.rfind(prefix, 0) == 0; };
    auto ends_with = [&name](std::string_view suffix) {
        return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return starts_with("README") || starts_with("LICENSE") || ends_with(".md") || ends_with(".markdown");
}

void walk(const fs::path& directory, Walk& state)
{
    std::error_code error;
    fs::directory_iterator entries(directory, error);
    if (error) {
        state.error =
            make_error(ErrorCode::input, "cannot read directory: " + detail::error_text(error), directory.string());
        return;
    }
    // Siblings sorted by name: for paths that differ only in their last
    // element that is the order of fs::path, without its element-by-element
    // comparison (which cost more than the rest of the walk).
    struct Child {
        std::string name;
        fs::path path;
    };
    std::vector<Child> children;
    for (const fs::directory_entry& entry : entries) {
        std::string name = entry.path().filename().string();
        if (!is_skipped(name)) {
            children.push_back({std::move(name), entry.path()});
        }
    }
    std::sort(children.begin(), children.end(), [](const Child& a, const Child& b) { return a.name < b.name; });
    for (const Child& sibling : children) {
        const fs::path& child = sibling.path;
        struct stat info {};
        if (::stat(child.c_str(), &info) != 0) {
            continue; // a dangling symbolic link, or an entry removed meanwhile
        }
        if (S_ISDIR(info.st_mode)) {
            // Following links, the same directory can be reached again (a
            // link to a parent makes a loop): each one is entered once.
            if (state.visited.insert({info.st_dev, info.st_ino}).second) {
                walk(child, state);
                if (state.error) {
                    return;
                }
            }
        } else if (S_ISREG(info.st_mode)) {
            if (state.found.size() >= state.limits.max_files) {
                state.error = make_error(ErrorCode::limit,
                                         "more than " + std::to_string(state.limits.max_files) +
                                             " files under the directory, over the limit of files per input",
                                         "");
                return;
            }
            state.found.push_back(child.string());
        }
    }
}

} // namespace

Result<std::vector<std::string>> expand_input(const std::string& path, const InputLimits& limits)
{
    if (path == "-") {
        return std::vector<std::string>{path};
    }
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return make_error(ErrorCode::input, detail::errno_text(errno), path);
    }
    if (S_ISREG(info.st_mode)) {
        return std::vector<std::string>{path};
    }
    if (!S_ISDIR(info.st_mode)) {
        return make_error(ErrorCode::input,
                          "is " + std::string(detail::special_file_kind(info.st_mode)) +
                              ", expected a regular file or a directory",
                          path);
    }
    Walk state{limits, {}, {}, std::nullopt};
    state.visited.insert({info.st_dev, info.st_ino});
    walk(fs::path(path), state);
    if (state.error) {
        if (state.error->where.empty()) {
            state.error->where = path;
        }
        return *state.error;
    }
    if (state.found.empty()) {
        return make_error(ErrorCode::input, "no certificate files found in directory", path);
    }
    std::sort(state.found.begin(), state.found.end());
    return std::move(state.found);
}

} // namespace certgate::files

#include "attribute_path.hpp"

#include <cstdio>

namespace certgate::terraform::detail {
namespace {

bool is_identifier(std::string_view key)
{
    if (key.empty()) {
        return false;
    }
    const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    if (!letter(key.front())) {
        return false;
    }
    for (const char c : key) {
        if (!letter(c) && !(c >= '0' && c <= '9') && c != '-') {
            return false;
        }
    }
    return true;
}

} // namespace

void append_key(std::string& path, std::string_view key)
{
    if (is_identifier(key)) {
        if (!path.empty()) {
            path += '.';
        }
        path += key;
        return;
    }
    path += "[\"";
    for (const char c : key) {
        if (c == '"' || c == '\\') {
            path += '\\';
            path += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
            path += escaped;
        } else {
            path += c;
        }
    }
    path += "\"]";
}

void append_index(std::string& path, std::size_t index)
{
    path += '[';
    path += std::to_string(index);
    path += ']';
}

bool is_ancestor_or_self(std::string_view prefix, std::string_view path)
{
    if (prefix.empty()) {
        return true;
    }
    if (path.size() < prefix.size() || path.substr(0, prefix.size()) != prefix) {
        return false;
    }
    return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

std::string with_any_index(std::string_view path)
{
    std::string out;
    out.reserve(path.size());
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '[' && i + 1 < path.size() && path[i + 1] >= '0' && path[i + 1] <= '9') {
            std::size_t end = i + 1;
            while (end < path.size() && path[end] >= '0' && path[end] <= '9') {
                ++end;
            }
            if (end < path.size() && path[end] == ']') {
                out += "[*]";
                i = end + 1;
                continue;
            }
        }
        out += path[i];
        ++i;
    }
    return out;
}

std::string_view last_key(std::string_view path)
{
    if (path.empty() || path.back() == ']') {
        return {};
    }
    const std::size_t dot = path.find_last_of(".]");
    return dot == std::string_view::npos ? path : path.substr(dot + 1);
}

} // namespace certgate::terraform::detail

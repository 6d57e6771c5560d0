#pragma once
// Reading inputs from the file system and stdin with size limits.

#include "certgate/core/result.hpp"

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace certgate::files {

/// Limits on what is read; refused inputs say which limit and how to raise it.
struct InputLimits {
    std::uintmax_t max_file_bytes = 64ULL * 1024 * 1024; ///< PEM/DER/PKCS#12 and policy files
    std::size_t max_files = 100000;                      ///< files found under one directory
};

/// Expands one input: a regular file is itself; a directory gives every
/// regular file below it, sorted, following symbolic links but never
/// entering the same directory twice (loops are skipped); "-" stays "-".
/// Below a directory, hidden entries (names starting with '.') and documents
/// (README*, LICENSE*, *.md, *.markdown) are skipped.
/// Fails when the path does not exist ("no such file or directory"), when a
/// directory holds no file ("no certificate files found in directory") or
/// more than `max_files`.
[[nodiscard]] Result<std::vector<std::string>> expand_input(const std::string& path, const InputLimits& limits = {});

/// Reads a whole regular file, refusing one larger than `max_bytes` before
/// reading it. Only regular files are read: a FIFO, socket or device is
/// refused ("is a FIFO (named pipe), expected a regular file") without
/// blocking, checked on the opened descriptor (opened with O_NONBLOCK).
[[nodiscard]] Result<std::string> read_file(const std::string& path, std::uintmax_t max_bytes);

/// Reads a whole stream (stdin), refusing more than `max_bytes`. A regular
/// file's stream from open_input is refused by its size, before any read.
[[nodiscard]] Result<std::string> read_stream(std::istream& in, std::uintmax_t max_bytes, const std::string& where);

/// What an input holds, judged by its first bytes.
enum class ContentKind { json, pem, der, pkcs12, empty, unknown };

/// Recognises content from its first bytes: JSON starts (after an optional
/// UTF-8 BOM and whitespace) with '{'; PEM holds "-----BEGIN "; DER is a
/// SEQUENCE holding a SEQUENCE (X.509) or "INTEGER 3" (PKCS#12); nothing but
/// whitespace is `empty`; anything else `unknown`.
[[nodiscard]] ContentKind sniff(std::string_view head);

/// An opened input: its first bytes for sniffing, and a stream that yields
/// the whole content from the start (for stdin, the head is replayed).
struct OpenedInput {
    std::string path;
    std::string head;
    std::unique_ptr<std::istream> stream;
};

/// Opens a file, or stdin for "-", and reads up to `head_bytes` of it (64 KiB
/// by default, so that a PEM block after a long `openssl x509 -text` dump is
/// still recognised). Fails when the path does not exist, is a directory,
/// is not a regular file (FIFO, socket, device: never waited on) or cannot
/// be opened.
[[nodiscard]] Result<OpenedInput> open_input(const std::string& path, std::size_t head_bytes = 64 * 1024);

} // namespace certgate::files

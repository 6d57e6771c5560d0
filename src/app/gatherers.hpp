#pragma once
// Each source of findings for `certgate check` lives in its own file; this is
// what they share.

#include "certgate/adapters/files/input_files.hpp"
#include "certgate/app/check.hpp"
#include "certgate/core/finding.hpp"

#include <iterator>
#include <utility>
#include <vector>

namespace certgate::app::detail {

/// Findings and input errors collected from the sources. Findings that carry
/// a certificate are evaluated afterwards by run_check.
struct Gathered {
    std::vector<Finding> findings;
    std::vector<Error> errors;
    /// Files of a directory walk that hold no certificate and are not Terraform JSON.
    std::vector<SkippedInput> skipped;
    /// True while the file being gathered was found by a directory walk (not
    /// named on the command line): content that is not a certificate is then
    /// skipped rather than an error.
    bool in_walk = false;
    /// Threads the file being gathered may use for its own items (the
    /// certificates of a plan): what the pool of files leaves over, at least 1.
    unsigned jobs = 1;
};

/// Moves every item of `from` to the end of `to`, taking the whole vector
/// over when `to` is empty and has no room reserved for it: a Finding is
/// 752 bytes, and copying 20,000 of them into a vector grown by doubling
/// holds up to three times their size at once (issue 14).
template <typename Item> void move_append(std::vector<Item>& to, std::vector<Item>&& from)
{
    if (to.empty() && to.capacity() < from.size()) {
        to = std::move(from);
        return;
    }
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
    from.clear();
}

/// PEM, DER and PKCS#12 content already read into memory.
void gather_certificate_file(const std::string& path, const std::string& content, const CheckRequest& request,
                             Gathered& out);
/// Terraform plan or state JSON, read as a stream.
void gather_terraform(files::OpenedInput& input, const CheckRequest& request, Gathered& out);
/// Live TLS endpoints from --host and --hosts-file.
void gather_hosts(const CheckRequest& request, Gathered& out);
/// Certificates of a Huawei Cloud account.
void gather_huaweicloud(const CheckRequest& request, Gathered& out);

} // namespace certgate::app::detail

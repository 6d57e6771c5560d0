// The RFC 5322 / MIME text of a notification email.

#include "certgate/adapters/delivery/email.hpp"

#include <openssl/evp.h>

#include <array>
#include <chrono>

namespace certgate::delivery {

namespace {

// Header values come from declarations: line breaks would inject headers.
std::string header_value(std::string_view value)
{
    std::string clean;
    for (const char c : value) {
        clean.push_back(c == '\r' || c == '\n' ? ' ' : c);
    }
    return clean;
}

bool is_ascii(std::string_view text)
{
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return false;
        }
    }
    return true;
}

std::string encoded_subject(std::string_view subject)
{
    const std::string clean = header_value(subject);
    if (is_ascii(clean)) {
        return clean;
    }
    std::string out(4 * ((clean.size() + 2) / 3) + 1, '\0');
    const int size =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
    out.resize(static_cast<std::size_t>(size));
    return "=?UTF-8?B?" + out + "?=";
}

std::string rfc5322_date(Instant date)
{
    using namespace std::chrono;
    static constexpr std::array<const char*, 7> k_days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = floor<days>(date);
    const year_month_day ymd{day};
    const hh_mm_ss time{date - day};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04d %02ld:%02ld:%02ld +0000", k_days[weekday{day}.c_encoding()],
                  static_cast<unsigned>(ymd.day()), k_months[static_cast<unsigned>(ymd.month()) - 1],
                  static_cast<int>(ymd.year()), static_cast<long>(time.hours().count()),
                  static_cast<long>(time.minutes().count()), static_cast<long>(time.seconds().count()));
    return buffer;
}

} // namespace

std::string format_email(const EmailMessage& message, const std::string& from, Instant date)
{
    const std::string boundary = "certgate-" + header_value(message.message_id.substr(0, 32)) + "-alt";
    std::string text;
    text += "From: " + header_value(from) + "\r\n";
    text += "To: " + header_value(message.to) + "\r\n";
    text += "Subject: " + encoded_subject(message.subject) + "\r\n";
    text += "Date: " + rfc5322_date(date) + "\r\n";
    text += "Message-ID: <" + header_value(message.message_id) + ">\r\n";
    text += "Auto-Submitted: auto-generated\r\n";
    text += "MIME-Version: 1.0\r\n";
    text += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
    text += "\r\n";
    text += "--" + boundary + "\r\n";
    text += "Content-Type: text/plain; charset=utf-8\r\n";
    text += "Content-Transfer-Encoding: 8bit\r\n\r\n";
    text += message.text + "\r\n";
    text += "--" + boundary + "\r\n";
    text += "Content-Type: text/html; charset=utf-8\r\n";
    text += "Content-Transfer-Encoding: 8bit\r\n\r\n";
    text += message.html + "\r\n";
    text += "--" + boundary + "--\r\n";
    return text;
}

} // namespace certgate::delivery

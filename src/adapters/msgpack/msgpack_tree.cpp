#include "msgpack_tree.hpp"

#include "certgate/adapters/msgpack/dynamic_value.hpp"

#include <msgpack.hpp>

#include <string>

namespace certgate::msgpack_value::detail {
namespace {

// Receives msgpack-cxx's parse events and hangs each value under the
// innermost open container. Only the innermost container grows, so the
// pointers to the open ones stay valid.
Node node_of(Node::Kind kind)
{
    Node node;
    node.kind = kind;
    return node;
}

class TreeBuilder : public msgpack::null_visitor {
public:
    explicit TreeBuilder(Node& root) : m_root(root) {}

    bool visit_nil() { return add(Node{}) != nullptr; }
    bool visit_boolean(bool v)
    {
        Node* node = add(node_of(Node::Kind::boolean));
        if (node != nullptr) {
            node->boolean = v;
        }
        return node != nullptr;
    }
    bool visit_positive_integer(std::uint64_t v)
    {
        Node* node = add(node_of(Node::Kind::unsigned_integer));
        if (node != nullptr) {
            node->unsigned_integer = v;
        }
        return node != nullptr;
    }
    bool visit_negative_integer(std::int64_t v)
    {
        Node* node = add(node_of(Node::Kind::signed_integer));
        if (node != nullptr) {
            node->signed_integer = v;
        }
        return node != nullptr;
    }
    bool visit_float32(float v) { return visit_float64(static_cast<double>(v)); }
    bool visit_float64(double v)
    {
        Node* node = add(node_of(Node::Kind::floating));
        if (node != nullptr) {
            node->floating = v;
        }
        return node != nullptr;
    }
    bool visit_str(const char* v, std::uint32_t size) { return add_bytes(Node::Kind::string, v, size); }
    bool visit_bin(const char* v, std::uint32_t size) { return add_bytes(Node::Kind::binary, v, size); }
    bool visit_ext(const char* v, std::uint32_t size)
    {
        // msgpack-cxx hands the type byte first, then the payload.
        if (size == 0 || !add_bytes(Node::Kind::extension, v + 1, size - 1)) {
            return false;
        }
        m_last->extension_type = static_cast<std::int8_t>(v[0]);
        return true;
    }
    bool start_array(std::uint32_t /*count*/) { return open(Node::Kind::array); }
    bool end_array() { return close(); }
    bool start_map(std::uint32_t /*count*/) { return open(Node::Kind::map); }
    bool end_map() { return close(); }
    void parse_error(std::size_t /*parsed*/, std::size_t error_offset)
    {
        m_error = "malformed msgpack at byte " + std::to_string(error_offset);
    }
    void insufficient_bytes(std::size_t /*parsed*/, std::size_t /*error_offset*/)
    {
        m_error = "msgpack value is truncated";
    }

    [[nodiscard]] const std::string& error() const { return m_error; }
    [[nodiscard]] bool over_limit() const { return m_over_limit; }

private:
    Node* add(Node node)
    {
        if (++m_count > k_max_values) {
            return refuse("more than " + std::to_string(k_max_values) + " values");
        }
        if (m_open.empty()) {
            if (m_root_set) {
                return refuse("more than one value");
            }
            m_root = std::move(node);
            m_root_set = true;
            m_last = &m_root;
        } else {
            m_open.back()->children.push_back(std::move(node));
            m_last = &m_open.back()->children.back();
        }
        return m_last;
    }
    bool add_bytes(Node::Kind kind, const char* data, std::uint32_t size)
    {
        Node* node = add(node_of(kind));
        if (node != nullptr) {
            node->bytes = std::string_view(data, size);
        }
        return node != nullptr;
    }
    bool open(Node::Kind kind)
    {
        if (m_open.size() >= k_max_depth) {
            return refuse("nested deeper than " + std::to_string(k_max_depth) + " levels") != nullptr;
        }
        Node* node = add(node_of(kind));
        if (node == nullptr) {
            return false;
        }
        m_open.push_back(node);
        return true;
    }
    bool close()
    {
        m_open.pop_back();
        return true;
    }
    Node* refuse(std::string why)
    {
        m_error = std::move(why);
        m_over_limit = true;
        return nullptr;
    }

    Node& m_root;
    bool m_root_set = false;
    Node* m_last = nullptr;
    std::vector<Node*> m_open;
    std::size_t m_count = 0;
    std::string m_error;
    bool m_over_limit = false;
};

} // namespace

Result<Node> read_tree(std::string_view bytes)
{
    if (bytes.empty()) {
        return make_error(ErrorCode::input, "empty msgpack value");
    }
    Node root;
    TreeBuilder builder(root);
    std::size_t offset = 0;
    bool parsed = false;
    try {
        parsed = msgpack::parse(bytes.data(), bytes.size(), offset, builder);
    } catch (const std::exception&) {
        // msgpack-cxx throws for sizes it cannot represent (e.g. on 32-bit).
        return make_error(ErrorCode::input, "malformed msgpack");
    }
    if (!parsed) {
        const std::string& why = builder.error().empty() ? std::string("malformed msgpack") : builder.error();
        return make_error(builder.over_limit() ? ErrorCode::limit : ErrorCode::input, why);
    }
    if (offset != bytes.size()) {
        return make_error(ErrorCode::input, std::to_string(bytes.size() - offset) + " bytes after the msgpack value");
    }
    return root;
}

} // namespace certgate::msgpack_value::detail

#include "http/request_head.h"

#include <algorithm>
#include <cctype>

#include "inlet/common/uuid.h"

namespace inlet::http {

namespace bhttp = boost::beast::http;

RequestHead MakeHead(const bhttp::request_parser<bhttp::empty_body>& parser,
                     const std::string& remote) {
  const auto& message = parser.get();
  RequestHead head;
  head.method = std::string(message.method_string());
  head.target = std::string(message.target());
  auto question = head.target.find('?');
  head.path = PercentDecode(std::string_view(head.target).substr(0, question), false);
  if (question != std::string::npos) head.query = head.target.substr(question + 1);
  head.version = static_cast<int>(message.version());
  for (const auto& field : message) {
    head.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  if (auto length = parser.content_length()) head.content_length = *length;
  head.chunked = parser.chunked();
  std::string_view client_id = head.headers.Get("X-Request-Id");
  bool usable =
      !client_id.empty() && client_id.size() <= 128 &&
      std::all_of(client_id.begin(), client_id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      });
  head.request_id = usable ? std::string(client_id) : NewUuidV4();
  head.remote_address = remote;
  return head;
}

}  // namespace inlet::http

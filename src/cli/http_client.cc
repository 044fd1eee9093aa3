#include "inlet/cli/http_client.h"

#include <curl/curl.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "inlet/common/ascii.h"

namespace inlet::cli {
namespace {

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("libcurl could not be initialised");
    }
  });
}

}  // namespace

std::string_view HttpAnswer::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

// What libcurl's callbacks write into during one request.
struct HttpClient::Transfer {
  HttpAnswer answer;
  const BodySink* sink = nullptr;
  bool sink_stopped = false;
  bool too_long = false;

  static size_t OnHeader(char* data, size_t size, size_t count, void* self) {
    auto& transfer = *static_cast<Transfer*>(self);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
      // A new status line (after 100 Continue, say): the headers start over. The body
      // callback needs the status before curl reports it.
      transfer.answer.headers.clear();
      size_t space = line.find(' ');
      transfer.answer.status = space == std::string_view::npos
                                   ? 0
                                   : std::atoi(std::string(line.substr(space + 1, 3)).c_str());
    } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
      std::string_view value = line.substr(colon + 1);
      while (value.ends_with('\n') || value.ends_with('\r')) value.remove_suffix(1);
      transfer.answer.headers.emplace_back(AsciiLower(TrimSpacesAndTabs(line.substr(0, colon))),
                                           std::string(TrimSpacesAndTabs(value)));
    }
    return size * count;
  }

  static size_t OnBody(char* data, size_t size, size_t count, void* self) {
    auto& transfer = *static_cast<Transfer*>(self);
    std::string_view bytes(data, size * count);
    if (transfer.sink && transfer.answer.status / 100 == 2) {
      if (!(*transfer.sink)(bytes)) {
        transfer.sink_stopped = true;
        return 0;  // libcurl ends the transfer with CURLE_WRITE_ERROR
      }
    } else {
      if (transfer.answer.body.size() + bytes.size() > kMaxKeptAnswerBytes) {
        transfer.too_long = true;
        return 0;  // libcurl ends the transfer with CURLE_WRITE_ERROR
      }
      transfer.answer.body.append(bytes);
    }
    return bytes.size();
  }
};

HttpClient::HttpClient(ServerAccess access) : access_(std::move(access)) {
  InitCurlOnce();
  curl_ = curl_easy_init();
  if (!curl_) throw std::runtime_error("libcurl could not make a handle");
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

Result<HttpAnswer> HttpClient::Send(const HttpCall& call) { return Perform(call, nullptr); }

Result<HttpAnswer> HttpClient::Stream(const HttpCall& call, const BodySink& sink) {
  return Perform(call, &sink);
}

Result<HttpAnswer> HttpClient::Perform(const HttpCall& call, const BodySink* sink) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);  // keeps the connection cache
  Transfer transfer;
  transfer.sink = sink;
  const std::string url = access_.url + call.target;
  curl_slist* headers = nullptr;
  for (const auto& header : call.headers) headers = curl_slist_append(headers, header.c_str());
  std::string authorization;
  if (!access_.token.empty()) {
    authorization = "Authorization: Bearer " + access_.token;
    headers = curl_slist_append(headers, authorization.c_str());
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers,
                                                                          &curl_slist_free_all);
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, kStallSeconds);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  if (!access_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, access_.ca_file.c_str());
  if (call.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    if (!call.body.empty() || call.method == "POST" || call.method == "PUT" ||
        call.method == "PATCH") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, call.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(call.body.size()));
    }
  }
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  transfer.answer.status = static_cast<int>(status);
  if (code != CURLE_OK && !(transfer.sink_stopped && code == CURLE_WRITE_ERROR)) {
    std::string why = transfer.too_long ? "the answer is longer than " +
                                              std::to_string(kMaxKeptAnswerBytes) + " bytes"
                      : error[0] ? error
                                 : curl_easy_strerror(code);
    return Status::Unavailable("connection-failed", call.method + " " + url + ": " + why);
  }
  return std::move(transfer.answer);
}

}  // namespace inlet::cli

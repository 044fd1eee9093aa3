// Maps a method and a path to a route by pattern. Pure: no I/O, testable alone.
//
// Patterns are literal segments and `{name}` placeholders that match exactly one
// non-empty segment ("/api/v1/endpoints/{id}/records"). One trailing '/' on a request
// path is ignored.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace inlet::http {

class Router {
 public:
  // Returns the route's index: the order of Add() calls, starting at 0.
  size_t Add(std::string method, std::string pattern);

  enum class Outcome { kFound, kNoSuchPath, kMethodNotAllowed };
  struct Match {
    Outcome outcome = Outcome::kNoSuchPath;
    size_t route = 0;                  // when kFound
    std::vector<std::string> params;   // placeholder values, in pattern order
    std::vector<std::string> allowed;  // when kMethodNotAllowed: methods the path has
  };
  Match Find(std::string_view method, std::string_view path) const;

  // "GET /api/v1/endpoints/{id}": the label for logs and metrics.
  std::string Label(size_t route) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
  };
  std::vector<Route> routes_;
};

}  // namespace inlet::http

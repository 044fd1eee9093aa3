#include "inlet/http/router.h"

#include <algorithm>

namespace inlet::http {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t start = path.starts_with('/') ? 1 : 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

bool IsPlaceholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

size_t Router::Add(std::string method, std::string pattern) {
  Route route{std::move(method), std::move(pattern), {}};
  for (auto segment : Split(route.pattern)) route.segments.emplace_back(segment);
  routes_.push_back(std::move(route));
  return routes_.size() - 1;
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  auto segments = Split(path);
  // The route of this method whose pattern has the most literal segments wins, so
  // "/entities/export" is not taken for an id by "/entities/{id}", whatever their order.
  int best_literals = -1;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Route& route = routes_[i];
    if (route.segments.size() != segments.size()) continue;
    std::vector<std::string> params;
    bool fits = true;
    int literals = 0;
    for (size_t s = 0; s < segments.size() && fits; ++s) {
      if (IsPlaceholder(route.segments[s])) {
        fits = !segments[s].empty();
        params.emplace_back(segments[s]);
      } else {
        fits = route.segments[s] == segments[s];
        ++literals;
      }
    }
    if (!fits) continue;
    if (route.method == method) {
      if (literals > best_literals) {
        best_literals = literals;
        match.outcome = Outcome::kFound;
        match.route = i;
        match.params = std::move(params);
      }
      continue;
    }
    if (std::find(match.allowed.begin(), match.allowed.end(), route.method) ==
        match.allowed.end()) {
      match.allowed.push_back(route.method);
    }
  }
  if (match.outcome == Outcome::kFound) {
    match.allowed.clear();
  } else if (!match.allowed.empty()) {
    match.outcome = Outcome::kMethodNotAllowed;
  }
  return match;
}

std::string Router::Label(size_t route) const {
  return routes_[route].method + " " + routes_[route].pattern;
}

}  // namespace inlet::http

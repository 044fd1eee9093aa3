// The Prometheus text exposition format as RenderPrometheus writes it.
#include "inlet/common/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace inlet {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The value of the sample line that starts with `series` followed by a space.
std::string SampleValue(const std::string& text, const std::string& series) {
  for (const auto& line : Lines(text)) {
    if (line.starts_with(series + " ")) return line.substr(series.size() + 1);
  }
  return "<missing " + series + ">";
}

TEST(MetricsRegistryTest, EmptyRegistryRendersNothing) {
  MetricsRegistry registry;
  EXPECT_EQ(registry.RenderPrometheus(), "");
}

TEST(MetricsRegistryTest, CounterWithoutLabels) {
  MetricsRegistry registry;
  registry.GetCounter("inlet_requests_total", "Requests handled.").Add(3);
  EXPECT_EQ(registry.RenderPrometheus(),
            "# HELP inlet_requests_total Requests handled.\n"
            "# TYPE inlet_requests_total counter\n"
            "inlet_requests_total 3\n");
}

TEST(MetricsRegistryTest, CountersWithLabelsShareOneFamilyHeader) {
  MetricsRegistry registry;
  registry.GetCounter("http_responses_total", "Responses.", {{"route", "GET /x"}, {"code", "200"}})
      .Add(2);
  registry.GetCounter("http_responses_total", "Responses.", {{"route", "GET /x"}, {"code", "404"}})
      .Add();
  EXPECT_EQ(registry.RenderPrometheus(),
            "# HELP http_responses_total Responses.\n"
            "# TYPE http_responses_total counter\n"
            "http_responses_total{route=\"GET /x\",code=\"200\"} 2\n"
            "http_responses_total{route=\"GET /x\",code=\"404\"} 1\n");
}

TEST(MetricsRegistryTest, SameNameAndLabelsReturnTheSameSeries) {
  MetricsRegistry registry;
  Counter& a = registry.GetCounter("c_total", "C.", {{"k", "v"}});
  Counter& b = registry.GetCounter("c_total", "C.", {{"k", "v"}});
  Counter& other = registry.GetCounter("c_total", "C.", {{"k", "w"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &other);
  a.Add(1);
  b.Add(1);
  EXPECT_EQ(a.Value(), 2u);
  EXPECT_EQ(other.Value(), 0u);

  Gauge& g1 = registry.GetGauge("g", "G.");
  Gauge& g2 = registry.GetGauge("g", "G.");
  EXPECT_EQ(&g1, &g2);
  Histogram& h1 = registry.GetHistogram("h", "H.", {1.0});
  Histogram& h2 = registry.GetHistogram("h", "H.", {1.0});
  EXPECT_EQ(&h1, &h2);
}

TEST(MetricsRegistryTest, LabelValuesAreEscaped) {
  MetricsRegistry registry;
  registry.GetCounter("e_total", "E.", {{"path", "a\\b\"c\nd"}}).Add();
  EXPECT_EQ(SampleValue(registry.RenderPrometheus(), R"(e_total{path="a\\b\"c\nd"})"), "1");
}

TEST(MetricsRegistryTest, GaugeCanGoDown) {
  MetricsRegistry registry;
  Gauge& gauge = registry.GetGauge("inflight", "In flight.");
  gauge.Add(5);
  gauge.Add(-7);
  EXPECT_EQ(registry.RenderPrometheus(),
            "# HELP inflight In flight.\n"
            "# TYPE inflight gauge\n"
            "inflight -2\n");
  gauge.Set(9);
  EXPECT_EQ(SampleValue(registry.RenderPrometheus(), "inflight"), "9");
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  MetricsRegistry registry;
  Histogram& histogram =
      registry.GetHistogram("latency_seconds", "Latency.", {0.1, 0.5, 1}, {{"route", "r"}});
  histogram.Observe(0.05);
  histogram.Observe(0.1);  // on a bound: counts in that bucket (le is "less or equal")
  histogram.Observe(0.3);
  histogram.Observe(2);
  EXPECT_EQ(registry.RenderPrometheus(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{route=\"r\",le=\"0.1\"} 2\n"
            "latency_seconds_bucket{route=\"r\",le=\"0.5\"} 3\n"
            "latency_seconds_bucket{route=\"r\",le=\"1\"} 3\n"
            "latency_seconds_bucket{route=\"r\",le=\"+Inf\"} 4\n"
            "latency_seconds_sum{route=\"r\"} 2.45\n"
            "latency_seconds_count{route=\"r\"} 4\n");
  EXPECT_EQ(histogram.CumulativeCounts(), (std::vector<uint64_t>{2, 3, 3, 4}));
  EXPECT_EQ(histogram.Count(), 4u);
  EXPECT_DOUBLE_EQ(histogram.Sum(), 2.45);
}

TEST(MetricsRegistryTest, HistogramWithoutLabelsGetsOnlyLe) {
  MetricsRegistry registry;
  registry.GetHistogram("h", "H.", {1}).Observe(0.5);
  std::string text = registry.RenderPrometheus();
  EXPECT_EQ(SampleValue(text, "h_bucket{le=\"1\"}"), "1");
  EXPECT_EQ(SampleValue(text, "h_bucket{le=\"+Inf\"}"), "1");
  EXPECT_EQ(SampleValue(text, "h_sum"), "0.5");
  EXPECT_EQ(SampleValue(text, "h_count"), "1");
}

TEST(MetricsRegistryTest, HistogramSumKeepsItsPrecisionWhenLarge) {
  // A latency sum only grows over the life of a server; rate(_sum)/rate(_count) needs
  // its small increments, so the rendered value must not be rounded to a few digits.
  MetricsRegistry registry;
  Histogram& histogram = registry.GetHistogram("big_seconds", "Big.", {1});
  histogram.Observe(1234.5678);
  histogram.Observe(2000000.25);
  std::string rendered = SampleValue(registry.RenderPrometheus(), "big_seconds_sum");
  EXPECT_NEAR(std::stod(rendered), 2001234.8178, 1e-6) << rendered;
}

TEST(MetricsRegistryTest, DefaultLatencyBucketsAscendFromHalfAMillisecondToThirtySeconds) {
  const auto& buckets = MetricsRegistry::DefaultLatencyBuckets();
  ASSERT_FALSE(buckets.empty());
  EXPECT_DOUBLE_EQ(buckets.front(), 0.0005);
  EXPECT_DOUBLE_EQ(buckets.back(), 30);
  for (size_t i = 1; i < buckets.size(); ++i) EXPECT_LT(buckets[i - 1], buckets[i]);
}

TEST(MetricsRegistryTest, FamiliesRenderInNameOrderEachWithHelpAndType) {
  MetricsRegistry registry;
  registry.GetGauge("b_gauge", "B.").Set(1);
  registry.GetCounter("a_total", "A.").Add();
  EXPECT_EQ(registry.RenderPrometheus(),
            "# HELP a_total A.\n# TYPE a_total counter\na_total 1\n"
            "# HELP b_gauge B.\n# TYPE b_gauge gauge\nb_gauge 1\n");
}

TEST(MetricsRegistryTest, ConcurrentIncrementsAreNotLost) {
  MetricsRegistry registry;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&registry] {
      for (int i = 0; i < 10000; ++i) registry.GetCounter("n_total", "N.").Add();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(SampleValue(registry.RenderPrometheus(), "n_total"), "40000");
}

}  // namespace
}  // namespace inlet

// SHA-256 against the FIPS 180-2 vectors, hex encoding and the size-only comparison.
#include "inlet/common/crypto.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace inlet {
namespace {

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ToHex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, HashesEmbeddedNulBytes) {
  // A string_view with a NUL inside must be hashed whole, not up to the NUL.
  std::string with_nul("a\0b", 3);
  EXPECT_NE(Sha256(with_nul), Sha256("a"));
  EXPECT_EQ(Sha256(with_nul), Sha256(std::string("a\0b", 3)));
}

TEST(Sha256Test, TwoPartsHashAsTheirConcatenation) {
  EXPECT_EQ(Sha256("ab", "c"), Sha256("abc"));
  EXPECT_EQ(Sha256("", "abc"), Sha256("abc"));
  EXPECT_EQ(Sha256("abc", ""), Sha256("abc"));
  EXPECT_NE(Sha256("ab", "c"), Sha256("ab"));
}

TEST(Sha256Test, ThreadsHashingAtOnceAgreeWithOneThread) {
  // Each thread reuses a context of its own; none may see another's state.
  const Sha256Digest expected = Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
  std::array<int, 4> mismatches{};
  std::vector<std::thread> threads;
  for (size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        if (Sha256("abcdbcdecdefdefgefghfghighijhijkijkl", "jklmklmnlmnomnopnopq") != expected) {
          ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, (std::array<int, 4>{}));
}

TEST(ToHexTest, LowerCaseTwoDigitsPerByte) {
  const uint8_t bytes[] = {0x00, 0x0f, 0xa5, 0xff, 0x10};
  EXPECT_EQ(ToHex(bytes, sizeof bytes), "000fa5ff10");
  EXPECT_EQ(ToHex(bytes, 0), "");
  Sha256Digest digest{};
  digest[0] = 0xab;
  digest[31] = 0x01;
  EXPECT_EQ(ToHex(digest), "ab" + std::string(60, '0') + "01");
}

TEST(SecureRandomBytesTest, FillsTheWholeBuffer) {
  // 64 zero bytes from a CSPRNG has probability 2^-512: a zero tail means a short fill.
  std::array<uint8_t, 64> a{};
  std::array<uint8_t, 64> b{};
  SecureRandomBytes(a.data(), a.size());
  SecureRandomBytes(b.data(), b.size());
  EXPECT_NE(a, b);
  std::array<uint8_t, 8> zeros{};
  EXPECT_FALSE(std::equal(a.end() - 8, a.end(), zeros.begin()));
}

TEST(ConstantTimeEqualsTest, ComparesContentAndSize) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "Secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret "));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secre"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_TRUE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace inlet

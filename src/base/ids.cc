#include "base/ids.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>

namespace intentd {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// Random bytes are drawn from OpenSSL in blocks so one id costs one call per ~100 ids.
class RandomPool {
 public:
  unsigned char next() {
    if (pos_ == buf_.size()) {
      if (RAND_bytes(buf_.data(), static_cast<int>(buf_.size())) != 1)
        throw std::runtime_error("RAND_bytes failed");
      pos_ = 0;
    }
    return buf_[pos_++];
  }

 private:
  std::array<unsigned char, 4096> buf_{};
  std::size_t pos_ = buf_.size();
};

thread_local RandomPool pool;

}  // namespace

std::string random_string(std::string_view alphabet, std::size_t length) {
  // Rejection sampling keeps every symbol equally likely.
  const unsigned n = static_cast<unsigned>(alphabet.size());
  const unsigned limit = 256 - (256 % n);
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    unsigned char b = pool.next();
    if (b < limit) out.push_back(alphabet[b % n]);
  }
  return out;
}

std::string random_id(std::string_view prefix, std::size_t length) {
  std::string id;
  id.reserve(prefix.size() + 1 + length);
  id.append(prefix);
  id.push_back('_');
  id.append(random_string(kBase62, length));
  return id;
}

std::string new_id(std::string_view prefix, int64_t now_ms) {
  // The time part is the unix millisecond in 7 base62 digits (good until the year 2080), so
  // ids of one type sort roughly by creation and index inserts stay local.
  uint64_t ms = static_cast<uint64_t>(std::max<int64_t>(0, now_ms));
  std::string id;
  id.reserve(prefix.size() + 1 + kIdLength);
  id.append(prefix);
  id.push_back('_');
  char time[kIdTimeLength];
  for (std::size_t i = kIdTimeLength; i-- > 0;) {
    time[i] = kBase62[ms % 62];
    ms /= 62;
  }
  id.append(time, kIdTimeLength);
  id.append(random_string(kBase62, kIdLength - kIdTimeLength));
  return id;
}

bool has_prefix(std::string_view id, std::string_view prefix) {
  return id.size() > prefix.size() + 1 && id.substr(0, prefix.size()) == prefix &&
         id[prefix.size()] == '_';
}

}  // namespace intentd

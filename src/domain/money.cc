#include "domain/money.h"

#include <algorithm>
#include <array>
#include <string>

namespace intentd::domain {
namespace {

// Stripe's presentment currencies (docs.stripe.com/currencies), plus the three-decimal ones
// (bhd jod kwd omr tnd) and both Sierra Leone codes (sll, sle).
constexpr auto kSupported = std::to_array<std::string_view>(
    {"aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg", "azn", "bam", "bbd", "bdt",
     "bgn", "bhd", "bif", "bmd", "bnd", "bob", "brl", "bsd", "bwp", "byn", "bzd", "cad", "cdf",
     "chf", "clp", "cny", "cop", "crc", "cve", "czk", "djf", "dkk", "dop", "dzd", "egp", "etb",
     "eur", "fjd", "fkp", "gbp", "gel", "gip", "gmd", "gnf", "gtq", "gyd", "hkd", "hnl", "htg",
     "huf", "idr", "ils", "inr", "isk", "jmd", "jod", "jpy", "kes", "kgs", "khr", "kmf", "krw",
     "kwd", "kyd", "kzt", "lak", "lbp", "lkr", "lrd", "lsl", "mad", "mdl", "mga", "mkd", "mmk",
     "mnt", "mop", "mur", "mvr", "mwk", "mxn", "myr", "mzn", "nad", "ngn", "nio", "nok", "npr",
     "nzd", "omr", "pab", "pen", "pgk", "php", "pkr", "pln", "pyg", "qar", "ron", "rsd", "rub",
     "rwf", "sar", "sbd", "scr", "sek", "sgd", "shp", "sle", "sll", "sos", "srd", "std", "szl",
     "thb", "tjs", "tnd", "top", "try", "ttd", "twd", "tzs", "uah", "ugx", "usd", "uyu", "uzs",
     "vnd", "vuv", "wst", "xaf", "xcd", "xof", "xpf", "yer", "zar", "zmw"});

// Stripe's zero-decimal currencies: the amount is in whole units.
constexpr auto kZeroDecimal =
    std::to_array<std::string_view>({"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg",
                                     "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"});

constexpr auto kThreeDecimal = std::to_array<std::string_view>({"bhd", "jod", "kwd", "omr", "tnd"});

// Looked up by binary search.
static_assert(std::is_sorted(kSupported.begin(), kSupported.end()));
static_assert(std::is_sorted(kZeroDecimal.begin(), kZeroDecimal.end()));
static_assert(std::is_sorted(kThreeDecimal.begin(), kThreeDecimal.end()));

struct Minimum {
  std::string_view currency;
  int64_t amount;  // minor units
};
// "Minimum and maximum charge amounts" on docs.stripe.com/currencies. Stripe applies the
// minimum of the settlement currency after conversion; without exchange rates we apply the
// presentment currency's own row, and 50 minor units for currencies the table lacks.
constexpr auto kMinimums = std::to_array<Minimum>(
    {{"aed", 200},  {"aud", 50},  {"bgn", 100},  {"brl", 50},  {"cad", 50},   {"chf", 50},
     {"czk", 1500}, {"dkk", 250}, {"eur", 50},   {"gbp", 30},  {"hkd", 400},  {"huf", 17500},
     {"inr", 50},   {"jpy", 50},  {"mxn", 1000}, {"myr", 200}, {"nok", 300},  {"nzd", 50},
     {"pln", 200},  {"ron", 200}, {"sek", 300},  {"sgd", 50},  {"thb", 1000}, {"usd", 50}});
constexpr int64_t kDefaultMinimum = 50;

struct Symbol {
  std::string_view currency;
  std::string_view symbol;  // written before the number
};
// Currencies whose messages show a symbol; the others show "<number> <code>".
constexpr auto kSymbols = std::to_array<Symbol>({{"aud", "$"},
                                                 {"brl", "R$"},
                                                 {"cad", "$"},
                                                 {"eur", "€"},
                                                 {"gbp", "£"},
                                                 {"hkd", "$"},
                                                 {"inr", "₹"},
                                                 {"jpy", "¥"},
                                                 {"krw", "₩"},
                                                 {"mxn", "$"},
                                                 {"nzd", "$"},
                                                 {"sgd", "$"},
                                                 {"thb", "฿"},
                                                 {"usd", "$"},
                                                 {"vnd", "₫"}});

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

template <size_t N>
bool contains(const std::array<std::string_view, N>& sorted, std::string_view key) {
  return std::binary_search(sorted.begin(), sorted.end(), key);
}

std::string_view symbol_of(std::string_view currency) {
  for (const Symbol& s : kSymbols)
    if (s.currency == currency) return s.symbol;
  return {};
}

// "1234567" with 2 decimals → "12,345.67"; 0 decimals → "1,234,567".
std::string format_number(int64_t amount, int decimals) {
  const bool negative = amount < 0;
  // Work on the magnitude in unsigned arithmetic so INT64_MIN is safe.
  uint64_t v = negative ? 0 - static_cast<uint64_t>(amount) : static_cast<uint64_t>(amount);
  uint64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  std::string whole = std::to_string(v / scale);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  if (decimals > 0) {
    std::string frac = std::to_string(v % scale);
    grouped += '.' + std::string(decimals - frac.size(), '0') + frac;
  }
  return negative ? "-" + grouped : grouped;
}

}  // namespace

bool is_supported_currency(std::string_view currency) {
  return contains(kSupported, lower(currency));
}

const std::vector<std::string_view>& supported_currencies() {
  static const std::vector<std::string_view> all(kSupported.begin(), kSupported.end());
  return all;
}

bool is_zero_decimal(std::string_view currency) {
  return contains(kZeroDecimal, lower(currency));
}

int currency_decimals(std::string_view currency) {
  const std::string c = lower(currency);
  if (contains(kZeroDecimal, c)) return 0;
  if (contains(kThreeDecimal, c)) return 3;
  return 2;
}

int64_t minimum_charge_amount(std::string_view currency) {
  const std::string c = lower(currency);
  for (const Minimum& m : kMinimums)
    if (m.currency == c) return m.amount;
  return kDefaultMinimum;
}

std::string format_amount(int64_t amount, std::string_view currency) {
  const std::string c = lower(currency);
  const std::string number = format_number(amount, currency_decimals(c));
  const std::string_view symbol = symbol_of(c);
  if (symbol.empty()) return number + " " + c;
  if (amount < 0) return "-" + std::string(symbol) + number.substr(1);
  return std::string(symbol) + number;
}

Status check_currency(std::string_view currency, const std::string& param) {
  if (is_supported_currency(currency)) return Status::Ok();
  std::string list;
  for (std::string_view c : kSupported) {
    if (!list.empty()) list += ", ";
    list += c;
  }
  return ApiError::invalid_request("Invalid currency: " + lower(currency) +
                                       ". Stripe currently supports these currencies: " + list,
                                   param);
}

Status check_charge_amount(int64_t amount, std::string_view currency, const std::string& param) {
  const std::string c = lower(currency);
  INTENTD_TRY(check_currency(c));
  if (amount < 1) {
    return ApiError::invalid_request("This value must be greater than or equal to 1.", param,
                                     "parameter_invalid_integer");
  }
  const int64_t minimum = minimum_charge_amount(c);
  if (amount < minimum) {
    // "$0.50 usd" with a symbol, "2.50 dkk" without one.
    std::string shown = format_amount(minimum, c);
    if (!symbol_of(c).empty()) shown += " " + c;
    return ApiError::invalid_request("Amount must be at least " + shown, param, "amount_too_small");
  }
  if (amount > kMaximumAmount) {
    return ApiError::invalid_request(
        "Amount must be no more than " + format_amount(kMaximumAmount, c), param,
        "amount_too_large");
  }
  return Status::Ok();
}

std::optional<int64_t> add(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<int64_t> sub(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<int64_t> mul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

int64_t processing_fee(std::string_view payment_method_type, int64_t amount,
                       std::string_view currency) {
  if (amount <= 0) return 0;
  // Rates in tenths of a percent; 128-bit so no amount can overflow the product.
  const bool bank_debit =
      payment_method_type == "sepa_debit" || payment_method_type == "us_bank_account";
  const __int128 per_mille = bank_debit ? 8 : 29;
  const int64_t percentage = static_cast<int64_t>((amount * per_mille + 500) / 1000);
  if (bank_debit) return std::min<int64_t>(percentage, 500);
  return percentage + 30;
}

}  // namespace intentd::domain

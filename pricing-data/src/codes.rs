//! The AWS region codes and ISO 4217 currency codes a price table may name.
//!
//! Kept as data so that a typo (`us-east1`, `EUR0`) is caught at import instead of yielding a
//! table nobody can select. Add a region here when AWS opens one.

/// AWS commercial, GovCloud and China region codes (as of November 2026).
pub const AWS_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

/// ISO 4217 codes of the currencies in common use (AWS bills in USD; CNY in China regions;
/// the others serve tables converted for local budgeting).
pub const ISO_4217_CURRENCIES: &[&str] = &[
    "AED", "ARS", "AUD", "BGN", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK", "DKK", "EGP",
    "EUR", "GBP", "HKD", "HUF", "IDR", "ILS", "INR", "ISK", "JPY", "KES", "KRW", "KWD", "MXN",
    "MYR", "NGN", "NOK", "NZD", "PEN", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "SAR", "SEK",
    "SGD", "THB", "TRY", "TWD", "UAH", "USD", "VND", "ZAR",
];

/// Whether `code` is a known AWS region code.
pub fn is_aws_region(code: &str) -> bool {
    AWS_REGIONS.contains(&code)
}

/// Whether `code` is a known ISO 4217 currency code (upper case, as the standard writes it).
pub fn is_currency(code: &str) -> bool {
    ISO_4217_CURRENCIES.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_unique() {
        assert!(AWS_REGIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(ISO_4217_CURRENCIES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn knows_the_common_codes_and_rejects_typos() {
        assert!(is_aws_region("us-east-1"));
        assert!(is_aws_region("eu-west-1"));
        assert!(!is_aws_region("us-east1"));
        assert!(!is_aws_region("US-EAST-1"));
        assert!(is_currency("USD"));
        assert!(is_currency("EUR"));
        assert!(!is_currency("usd"));
        assert!(!is_currency("EURO"));
    }
}

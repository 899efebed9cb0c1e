//! Properties of the value types: every taxonomy's names, estimates and
//! their sums and reconciliation, date spans, locations, country codes and
//! ids.

use std::fmt;
use std::str::FromStr;

use conflict_events::{
    ActorKind, AffiliationKind, BlockadeId, Commodity, Confidence, CountryCode, DamageLevel,
    DateSpan, DisorderType, Error, Estimate, EstimateSum, EventType, GeoPrecision, GroupId,
    GroupKind, IdScheme, ImpactKind, IncidentId, Location, Means, Quantity, RansomStatus,
    Reconcile, RegionId, Severity, SiteId, SiteKind, SourceKind, SubEventType, Tactic, TargetKind,
    TimePrecision, ViolenceType,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::Date;
use time::macros::date;

// ---------------------------------------------------------------------------
// Taxonomies
// ---------------------------------------------------------------------------

/// What every taxonomy enum offers, so one set of checks serves them all.
trait Taxonomy:
    Copy
    + Eq
    + fmt::Debug
    + fmt::Display
    + FromStr<Err = Error>
    + Serialize
    + DeserializeOwned
    + 'static
{
    fn all() -> &'static [Self];
    fn label(self) -> &'static str;
    fn token(self) -> &'static str;
    fn aliases(self) -> &'static [&'static str];
    fn is_named(self, text: &str) -> bool;

    /// The label, the token and the aliases.
    fn names(self) -> Vec<&'static str> {
        let mut names = vec![self.label(), self.token()];
        names.extend_from_slice(self.aliases());
        names
    }
}

/// Separators that may stand for any run of spaces and punctuation.
const SEPARATORS: &[&str] = &["_", " ", "  ", "-", "/", " / ", ". ", "_-_", "\t"];

/// `name` with the case of each letter flipped where `flips` says so and
/// each non-alphanumeric character replaced by a separator from `seps`.
fn respell(name: &str, flips: &[bool], seps: &[&str]) -> String {
    let mut out = String::new();
    let mut sep = 0;
    for (i, c) in name.chars().enumerate() {
        if c.is_alphanumeric() {
            let flip = flips.get(i % flips.len().max(1)).copied().unwrap_or(false);
            if flip && c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else if flip {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
        } else {
            out.push_str(seps[sep % seps.len()]);
            sep += 1;
        }
    }
    out
}

fn display_round_trips<T: Taxonomy>() {
    assert!(!T::all().is_empty());
    for &v in T::all() {
        let text = v.to_string();
        assert_eq!(text, v.label(), "{v:?}");
        assert_eq!(text.parse::<T>().ok(), Some(v), "{text:?}");
    }
}

fn json_is_the_token<T: Taxonomy>() {
    for &v in T::all() {
        let token = v.token();
        assert!(
            !token.is_empty()
                && token
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !token.starts_with('_')
                && !token.ends_with('_')
                && !token.contains("__"),
            "{v:?}: token {token:?} is not snake_case"
        );
        let json = format!("\"{token}\"");
        assert_eq!(serde_json::to_string(&v).ok(), Some(json.clone()), "{v:?}");
        assert_eq!(serde_json::from_str::<T>(&json).ok(), Some(v), "{json}");
        assert_eq!(token.parse::<T>().ok(), Some(v), "{token:?}");
    }
    assert!(serde_json::from_str::<T>("\"no_such_name_anywhere\"").is_err());
}

fn aliases_parse_to_their_variant<T: Taxonomy>() {
    for &v in T::all() {
        for alias in v.aliases() {
            assert_eq!(alias.parse::<T>().ok(), Some(v), "alias {alias:?}");
        }
    }
}

fn names_are_unambiguous<T: Taxonomy>() {
    for &a in T::all() {
        for name in a.names() {
            for &b in T::all() {
                assert_eq!(
                    b.is_named(name),
                    a == b,
                    "{name:?}, a name of {a:?}, and {b:?}"
                );
            }
            assert_eq!(name.parse::<T>().ok(), Some(a), "{name:?}");
        }
    }
}

fn blank_names_are_refused<T: Taxonomy>() {
    for text in ["", "   ", " _-/ "] {
        match text.parse::<T>() {
            Err(Error::UnknownName { found, .. }) => assert_eq!(found, text),
            other => panic!("{text:?} parsed as {other:?}"),
        }
    }
}

fn respelled_names_parse<T: Taxonomy>(
    v: T,
    other_name: prop::sample::Index,
    flips: &[bool],
    seps: &[&str],
) -> Result<(), TestCaseError> {
    let label = v.label();
    let shouted = respell(label, flips, &["_"]);
    prop_assert_eq!(shouted.parse::<T>().ok(), Some(v), "{:?}", shouted);

    let underscored = label.replace(' ', "_");
    prop_assert_eq!(underscored.parse::<T>().ok(), Some(v), "{:?}", underscored);

    let names = v.names();
    let name = names[other_name.index(names.len())];
    let respelled = format!(" {} ", respell(name, flips, seps));
    prop_assert_eq!(respelled.parse::<T>().ok(), Some(v), "{:?}", respelled);
    Ok(())
}

macro_rules! taxonomy_properties {
    ($($module:ident: $ty:ident),+ $(,)?) => {$(
        impl Taxonomy for $ty {
            fn all() -> &'static [Self] {
                $ty::ALL
            }
            fn label(self) -> &'static str {
                $ty::label(self)
            }
            fn token(self) -> &'static str {
                $ty::token(self)
            }
            fn aliases(self) -> &'static [&'static str] {
                $ty::aliases(self)
            }
            fn is_named(self, text: &str) -> bool {
                $ty::is_named(self, text)
            }
        }

        mod $module {
            use super::*;

            #[test]
            fn display_round_trips() {
                super::display_round_trips::<$ty>();
            }

            #[test]
            fn json_is_the_token() {
                super::json_is_the_token::<$ty>();
            }

            #[test]
            fn aliases_parse_to_their_variant() {
                super::aliases_parse_to_their_variant::<$ty>();
            }

            #[test]
            fn names_are_unambiguous() {
                super::names_are_unambiguous::<$ty>();
            }

            #[test]
            fn blank_names_are_refused() {
                super::blank_names_are_refused::<$ty>();
            }

            proptest! {
                #[test]
                fn respelled_names_parse(
                    v in select($ty::ALL),
                    other_name in any::<prop::sample::Index>(),
                    flips in vec(any::<bool>(), 1..48),
                    seps in vec(select(SEPARATORS), 1..6),
                ) {
                    super::respelled_names_parse::<$ty>(v, other_name, &flips, &seps)?;
                }
            }
        }
    )+};
}

taxonomy_properties! {
    disorder_type: DisorderType,
    event_type: EventType,
    sub_event_type: SubEventType,
    violence_type: ViolenceType,
    actor_kind: ActorKind,
    group_kind: GroupKind,
    confidence: Confidence,
    affiliation_kind: AffiliationKind,
    target_kind: TargetKind,
    site_kind: SiteKind,
    tactic: Tactic,
    means: Means,
    damage_level: DamageLevel,
    ransom_status: RansomStatus,
    quantity: Quantity,
    commodity: Commodity,
    severity: Severity,
    impact_kind: ImpactKind,
    source_kind: SourceKind,
    time_precision: TimePrecision,
    geo_precision: GeoPrecision,
    id_scheme: IdScheme,
}

// ---------------------------------------------------------------------------
// Estimates
// ---------------------------------------------------------------------------

/// Counts, small ones often so that ties and equal claims occur.
fn count() -> impl Strategy<Value = u32> {
    prop_oneof![0..20u32, any::<u32>()]
}

/// A valid range: `low <= best <= high`, best optional.
fn range() -> impl Strategy<Value = Estimate> {
    (count(), count(), count(), any::<bool>()).prop_filter_map(
        "an ordered range is always valid",
        |(a, b, c, has_best)| {
            let mut figures = [a, b, c];
            figures.sort_unstable();
            let [low, best, high] = figures;
            Estimate::range(low, has_best.then_some(best), high).ok()
        },
    )
}

fn estimate() -> impl Strategy<Value = Estimate> {
    prop_oneof![
        Just(Estimate::Unknown),
        count().prop_map(Estimate::Exact),
        count().prop_map(Estimate::AtLeast),
        count().prop_map(Estimate::Approximately),
        range(),
    ]
}

fn known_estimate() -> impl Strategy<Value = Estimate> {
    estimate().prop_filter("known", Estimate::is_known)
}

/// The low, best (low where none) and high (`None` if unbounded) of a known
/// estimate, read from its variant rather than its accessors.
fn figures(e: Estimate) -> Option<(u64, u64, Option<u64>)> {
    match e {
        Estimate::Unknown => None,
        Estimate::Exact(n) | Estimate::Approximately(n) => {
            Some((u64::from(n), u64::from(n), Some(u64::from(n))))
        }
        Estimate::AtLeast(n) => Some((u64::from(n), u64::from(n), None)),
        Estimate::Range(i) => Some((
            u64::from(i.low()),
            u64::from(i.best().unwrap_or(i.low())),
            Some(u64::from(i.high())),
        )),
    }
}

fn sum(estimates: &[Estimate]) -> EstimateSum {
    estimates.iter().sum()
}

proptest! {
    #[test]
    fn estimate_display_round_trips(e in estimate()) {
        let text = e.to_string();
        prop_assert_eq!(text.parse::<Estimate>().ok(), Some(e), "{:?}", text);
        let shouted = text.to_uppercase();
        prop_assert_eq!(shouted.parse::<Estimate>().ok(), Some(e), "{:?}", shouted);
    }

    #[test]
    fn estimate_json_round_trips(e in estimate()) {
        let json = serde_json::to_string(&e).unwrap();
        prop_assert_eq!(serde_json::from_str::<Estimate>(&json).ok(), Some(e), "{}", json);
    }

    #[test]
    fn estimate_short_spellings_parse(n in count(), m in count()) {
        prop_assert_eq!(format!("{n}+").parse::<Estimate>().ok(), Some(Estimate::AtLeast(n)));
        prop_assert_eq!(
            format!("~{n}").parse::<Estimate>().ok(),
            Some(Estimate::Approximately(n))
        );
        let (low, high) = (n.min(m), n.max(m));
        prop_assert_eq!(
            format!("{low}-{high}").parse::<Estimate>().ok(),
            Some(Estimate::range(low, None, high).unwrap())
        );
        if low < high {
            let reversed = format!("{high} to {low}");
            prop_assert!(reversed.parse::<Estimate>().is_err(), "{:?}", reversed);
        }
    }

    #[test]
    fn disordered_ranges_are_refused(a in count(), b in count(), c in count()) {
        let mut figures = [a, b, c];
        figures.sort_unstable();
        let [low, mid, high] = figures;
        // The ordered range is accepted, so refusals below are about order.
        let ok = format!(r#"{{"range":{{"low":{low},"best":{mid},"high":{high}}}}}"#);
        prop_assert_eq!(
            serde_json::from_str::<Estimate>(&ok).ok(),
            Some(Estimate::range(low, Some(mid), high).unwrap())
        );
        if low < high {
            let swapped = format!(r#"{{"range":{{"low":{high},"high":{low}}}}}"#);
            prop_assert!(serde_json::from_str::<Estimate>(&swapped).is_err(), "{}", swapped);
            let swapped = format!(r#"{{"range":{{"low":{high},"best":{mid},"high":{low}}}}}"#);
            prop_assert!(serde_json::from_str::<Estimate>(&swapped).is_err(), "{}", swapped);
            prop_assert!(Estimate::range(high, None, low).is_err());
        }
        if mid < high {
            let above = format!(r#"{{"range":{{"low":{low},"best":{high},"high":{mid}}}}}"#);
            prop_assert!(serde_json::from_str::<Estimate>(&above).is_err(), "{}", above);
            prop_assert!(Estimate::range(low, Some(high), mid).is_err());
        }
        if low < mid {
            let below = format!(r#"{{"range":{{"low":{mid},"best":{low},"high":{high}}}}}"#);
            prop_assert!(serde_json::from_str::<Estimate>(&below).is_err(), "{}", below);
            prop_assert!(Estimate::range(mid, Some(low), high).is_err());
        }
    }

    #[test]
    fn sum_ignores_order(
        (estimates, shuffled) in vec(estimate(), 0..16)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
    ) {
        prop_assert_eq!(sum(&estimates), sum(&shuffled));
    }

    #[test]
    fn sum_ignores_grouping(estimates in vec(estimate(), 0..16), split in any::<prop::sample::Index>()) {
        let (left, right) = estimates.split_at(split.index(estimates.len() + 1));
        let whole = sum(&estimates);
        prop_assert_eq!(sum(left) + sum(right), whole);
        let partials: EstimateSum = [sum(left), sum(right)].into_iter().sum();
        prop_assert_eq!(partials, whole);
        let mut accumulated = sum(left);
        for e in right {
            accumulated += *e;
        }
        prop_assert_eq!(accumulated, whole);
    }

    #[test]
    fn sum_matches_its_terms(estimates in vec(estimate(), 0..16)) {
        let total = sum(&estimates);
        let known: Vec<_> = estimates.iter().filter_map(|e| figures(*e)).collect();
        let count = |f: fn(&Estimate) -> bool| estimates.iter().filter(|e| f(e)).count() as u64;

        prop_assert_eq!(total.terms(), estimates.len() as u64);
        prop_assert_eq!(total.unknown(), count(|e| matches!(e, Estimate::Unknown)));
        prop_assert_eq!(total.unbounded(), count(|e| matches!(e, Estimate::AtLeast(_))));
        prop_assert_eq!(
            total.approximate(),
            count(|e| matches!(e, Estimate::Approximately(_)))
        );
        prop_assert_eq!(total.low(), known.iter().map(|f| f.0).sum::<u64>());
        prop_assert_eq!(total.best(), known.iter().map(|f| f.1).sum::<u64>());
        prop_assert_eq!(
            total.high_of_bounded(),
            known.iter().filter_map(|f| f.2).sum::<u64>()
        );
        let bounded = known.iter().all(|f| f.2.is_some()) && known.len() == estimates.len();
        prop_assert_eq!(total.high().is_some(), bounded);
        prop_assert!(total.low() <= total.best());
        if let Some(high) = total.high() {
            prop_assert_eq!(high, total.high_of_bounded());
            prop_assert!(total.best() <= high);
        }
    }

    #[test]
    fn unknown_terms_change_only_the_counts(estimates in vec(estimate(), 0..16)) {
        let before = sum(&estimates);
        let after = before + Estimate::Unknown;
        prop_assert_eq!(after.low(), before.low());
        prop_assert_eq!(after.best(), before.best());
        prop_assert_eq!(after.high_of_bounded(), before.high_of_bounded());
        prop_assert_eq!(after.high(), None);
        prop_assert_eq!(after.terms(), before.terms() + 1);
        prop_assert_eq!(after.unknown(), before.unknown() + 1);
    }

    #[test]
    fn pairs_and_singletons_sum_like_slices(a in estimate(), b in estimate()) {
        prop_assert_eq!(a + b, sum(&[a, b]));
        prop_assert_eq!(EstimateSum::from(a), sum(&[a]));
        prop_assert_eq!(EstimateSum::new() + a, sum(&[a]));
    }
}

// ---------------------------------------------------------------------------
// Reconciliation
// ---------------------------------------------------------------------------

const POLICIES: [Reconcile; 3] = [
    Reconcile::LowestReported,
    Reconcile::HighestReported,
    Reconcile::FullRange,
];

/// The highest figure a known claim states: its high, or the figure of a
/// lower bound.
fn highest_figure(e: Estimate) -> Option<u32> {
    match e {
        Estimate::AtLeast(n) => Some(n),
        _ => e.high(),
    }
}

proptest! {
    #[test]
    fn reconcile_is_unknown_iff_every_claim_is(
        claims in prop_oneof![vec(estimate(), 0..6), vec(Just(Estimate::Unknown), 0..4)]
    ) {
        let all_unknown = claims.iter().all(|c| !c.is_known());
        for policy in POLICIES {
            let result = Estimate::reconcile(claims.iter().copied(), policy);
            prop_assert_eq!(!result.is_known(), all_unknown, "{:?}", policy);
        }
    }

    #[test]
    fn full_range_spans_the_claims(claims in vec(estimate(), 1..6)) {
        let result = Estimate::reconcile(claims.iter().copied(), Reconcile::FullRange);
        let known: Vec<Estimate> = claims.iter().copied().filter(Estimate::is_known).collect();
        let lowest = known.iter().filter_map(|c| c.low()).min();
        prop_assert_eq!(result.low(), lowest);
        if known.iter().all(|c| Some(c) == known.first()) {
            prop_assert_eq!(Some(&result), known.first().or(Some(&Estimate::Unknown)));
            return Ok(());
        }
        let Estimate::Range(i) = result else {
            return Err(TestCaseError::fail(format!("{claims:?} gave {result:?}")));
        };
        prop_assert!(i.low() <= i.high());
        if let Some(best) = i.best() {
            prop_assert!(i.low() <= best && best <= i.high(), "{:?}", i);
        }
        let highest = known.iter().filter_map(|c| highest_figure(*c)).max();
        prop_assert_eq!(Some(i.high()), highest);
        // Best is the lower median of the central figures stated.
        let mut bests: Vec<u32> = known
            .iter()
            .filter_map(|c| match *c {
                Estimate::Exact(n) | Estimate::Approximately(n) => Some(n),
                Estimate::Range(r) => r.best(),
                _ => None,
            })
            .collect();
        bests.sort_unstable();
        let median = bests.len().checked_sub(1).map(|last| bests[last / 2]);
        prop_assert_eq!(i.best(), median);
    }

    #[test]
    fn full_range_ignores_order(
        (claims, shuffled) in vec(estimate(), 0..6)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
    ) {
        prop_assert_eq!(
            Estimate::reconcile(claims, Reconcile::FullRange),
            Estimate::reconcile(shuffled, Reconcile::FullRange)
        );
    }

    #[test]
    fn reported_policies_return_a_claim(claims in vec(estimate(), 1..6)) {
        let lowest = Estimate::reconcile(claims.iter().copied(), Reconcile::LowestReported);
        let highest = Estimate::reconcile(claims.iter().copied(), Reconcile::HighestReported);
        if claims.iter().any(Estimate::is_known) {
            prop_assert!(claims.contains(&lowest), "{:?}", lowest);
            prop_assert!(claims.contains(&highest), "{:?}", highest);
            let min_low = claims.iter().filter_map(|c| c.low()).min();
            prop_assert_eq!(lowest.low(), min_low);
            // Ties keep the first claim stated.
            let first = claims.iter().find(|c| c.low() == min_low).copied();
            prop_assert_eq!(Some(lowest), first);
            let max_figure = claims.iter().filter_map(|c| highest_figure(*c)).max();
            prop_assert_eq!(highest_figure(highest), max_figure);
        }
    }

    #[test]
    fn one_known_claim_is_kept(
        claim in known_estimate(),
        unknown_before in 0..3usize,
        unknown_after in 0..3usize,
    ) {
        let mut claims = vec![Estimate::Unknown; unknown_before];
        claims.push(claim);
        claims.extend(std::iter::repeat_n(Estimate::Unknown, unknown_after));
        for policy in POLICIES {
            prop_assert_eq!(Estimate::reconcile([claim], policy), claim, "{:?}", policy);
            prop_assert_eq!(
                Estimate::reconcile(claims.iter().copied(), policy),
                claim,
                "{:?}",
                policy
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Date spans
// ---------------------------------------------------------------------------

fn date_in(first: Date, last: Date) -> impl Strategy<Value = Date> {
    (first.to_julian_day()..=last.to_julian_day())
        .prop_filter_map("every julian day in range is a date", |day| {
            Date::from_julian_day(day).ok()
        })
}

/// Any date `time` can represent.
fn any_date() -> impl Strategy<Value = Date> {
    date_in(Date::MIN, Date::MAX)
}

/// A date with a four-digit year, as the sources have.
fn common_era_date() -> impl Strategy<Value = Date> {
    date_in(date!(0000 - 01 - 01), Date::MAX)
}

fn span_from(start: impl Strategy<Value = Date>) -> impl Strategy<Value = DateSpan> {
    (start, 0..400i64, select(TimePrecision::ALL)).prop_filter_map(
        "a span that ends on or after its start is valid",
        |(start, extra, precision)| {
            let end = start
                .checked_add(time::Duration::days(extra))
                .unwrap_or(Date::MAX);
            DateSpan::new(start, end, precision).ok()
        },
    )
}

fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

proptest! {
    #[test]
    fn date_span_json_round_trips(span in span_from(any_date())) {
        let json = serde_json::to_string(&span).unwrap();
        prop_assert_eq!(serde_json::from_str::<DateSpan>(&json).ok(), Some(span), "{}", json);
    }

    #[test]
    fn date_span_dates_are_iso_on_the_wire(span in span_from(common_era_date())) {
        let json = serde_json::to_value(span).unwrap();
        let expected = serde_json::json!({
            "start": iso(span.start()),
            "end": iso(span.end()),
            "precision": span.precision().token(),
        });
        prop_assert_eq!(json, expected);
    }

    #[test]
    fn date_span_end_before_start_is_refused(
        a in common_era_date(),
        b in common_era_date(),
        precision in select(TimePrecision::ALL),
    ) {
        prop_assume!(a != b);
        let (early, late) = (a.min(b), a.max(b));
        let json = format!(
            r#"{{"start":"{}","end":"{}","precision":"{}"}}"#,
            iso(late),
            iso(early),
            precision.token()
        );
        prop_assert!(serde_json::from_str::<DateSpan>(&json).is_err(), "{}", json);
        prop_assert!(DateSpan::new(late, early, precision).is_err());
        let json = format!(
            r#"{{"start":"{}","end":"{}","precision":"{}"}}"#,
            iso(early),
            iso(late),
            precision.token()
        );
        prop_assert_eq!(
            serde_json::from_str::<DateSpan>(&json).ok(),
            Some(DateSpan::new(early, late, precision).unwrap())
        );
    }

    #[test]
    fn date_span_days_counts_both_ends(span in span_from(any_date())) {
        let days = span.end().to_julian_day() - span.start().to_julian_day() + 1;
        prop_assert_eq!(i64::from(span.days()), i64::from(days));
        prop_assert!(span.days() >= 1);
    }

    #[test]
    fn acled_time_precision_round_trips(date in any_date(), code in any::<u8>()) {
        match DateSpan::from_acled(date, code) {
            Ok(span) => {
                prop_assert!((1..=3).contains(&code), "accepted {}", code);
                prop_assert_eq!((span.start(), span.end()), (date, date));
                prop_assert_eq!(span.precision().acled_code(), Some(code));
                prop_assert_eq!(TimePrecision::from_acled(code).ok(), Some(span.precision()));
            }
            Err(_) => prop_assert!(!(1..=3).contains(&code), "refused {}", code),
        }
    }

    #[test]
    fn ucdp_date_precision_round_trips(
        a in any_date(),
        b in any_date(),
        code in any::<u8>(),
    ) {
        let (start, end) = (a.min(b), a.max(b));
        match DateSpan::from_ucdp(start, end, code) {
            Ok(span) => {
                prop_assert!((1..=5).contains(&code), "accepted {}", code);
                prop_assert_eq!((span.start(), span.end()), (start, end));
                prop_assert_eq!(span.precision().ucdp_code(), code);
            }
            Err(_) => prop_assert!(!(1..=5).contains(&code), "refused {}", code),
        }
        if start != end {
            prop_assert!(DateSpan::from_ucdp(end, start, code).is_err());
        }
    }
}

#[test]
fn time_precision_codes_follow_the_documented_table() {
    use TimePrecision::*;
    let acled: Vec<_> = (1..=3)
        .map(|code| TimePrecision::from_acled(code).ok())
        .collect();
    assert_eq!(acled, [Some(Day), Some(Week), Some(Month)]);
    let ucdp: Vec<_> = (1..=5)
        .map(|code| TimePrecision::from_ucdp(code).ok())
        .collect();
    let table = [Day, Days, Week, Month, Year];
    assert_eq!(ucdp, table.map(Some));
    let written: Vec<_> = table.iter().map(|p| p.acled_code()).collect();
    assert_eq!(written, [Some(1), Some(2), Some(2), Some(3), None]);
}

#[test]
fn time_precision_codes_round_trip() {
    for &precision in TimePrecision::ALL {
        let ucdp = precision.ucdp_code();
        assert_eq!(TimePrecision::from_ucdp(ucdp).unwrap(), precision);
        if let Some(acled) = precision.acled_code() {
            // `Days` is written to ACLED as 2 and comes back as `Week`.
            let back = TimePrecision::from_acled(acled).unwrap();
            assert_eq!(back.acled_code(), Some(acled));
        }
    }
}

// ---------------------------------------------------------------------------
// Locations
// ---------------------------------------------------------------------------

/// Coordinates as the sources give them: degrees with up to six decimals.
fn degrees(limit: i64) -> impl Strategy<Value = f64> {
    (-limit * 1_000_000..=limit * 1_000_000).prop_map(|micro| micro as f64 / 1e6)
}

/// A finite number out of `[-limit, limit]`, or not a finite number at all.
fn out_of_range(limit: f64) -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(limit.next_up()),
        Just(-limit.next_up()),
        (limit..limit + 2.0).prop_filter("beyond", move |x| *x > limit),
        (limit..limit + 2.0)
            .prop_filter("beyond", move |x| *x > limit)
            .prop_map(|x| -x),
        (limit..f64::MAX).prop_filter("beyond", move |x| *x > limit),
        (limit..f64::MAX)
            .prop_filter("beyond", move |x| *x > limit)
            .prop_map(|x| -x),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
    ]
}

fn place() -> impl Strategy<Value = Option<String>> {
    prop::option::of("[\\PC]{0,16}")
}

proptest! {
    #[test]
    fn location_json_round_trips(
        lat in degrees(90),
        lon in degrees(180),
        precision in select(GeoPrecision::ALL),
        place in place(),
    ) {
        let mut location = Location::new(lat, lon, precision).unwrap();
        if let Some(place) = place {
            location = location.with_place(place);
        }
        prop_assert_eq!((location.lat(), location.lon()), (lat, lon));
        let json = serde_json::to_string(&location).unwrap();
        let back: Location = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, location, "{}", json);
    }

    #[test]
    fn location_json_round_trips_any_valid_float(
        lat in -90.0..=90.0f64,
        lon in -180.0..=180.0f64,
    ) {
        let location = Location::new(lat, lon, GeoPrecision::Exact).unwrap();
        let json = serde_json::to_string(&location).unwrap();
        let back: Location = serde_json::from_str(&json).unwrap();
        // serde_json without its `float_roundtrip` feature may be one ulp off.
        prop_assert!((back.lat() - lat).abs() <= f64::EPSILON * 90.0, "{}", json);
        prop_assert!((back.lon() - lon).abs() <= f64::EPSILON * 180.0, "{}", json);
    }

    #[test]
    fn location_refuses_bad_latitude(lat in out_of_range(90.0), lon in degrees(180)) {
        match Location::new(lat, lon, GeoPrecision::Exact) {
            Err(Error::InvalidValue { field, .. }) => prop_assert_eq!(field, "latitude"),
            other => prop_assert!(false, "{} accepted: {:?}", lat, other),
        }
        if lat.is_finite() {
            let json = format!(r#"{{"lat":{lat:?},"lon":{lon:?},"precision":"exact"}}"#);
            prop_assert!(serde_json::from_str::<Location>(&json).is_err(), "{}", json);
        }
    }

    #[test]
    fn location_refuses_bad_longitude(lat in degrees(90), lon in out_of_range(180.0)) {
        match Location::new(lat, lon, GeoPrecision::Exact) {
            Err(Error::InvalidValue { field, .. }) => prop_assert_eq!(field, "longitude"),
            other => prop_assert!(false, "{} accepted: {:?}", lon, other),
        }
        if lon.is_finite() {
            let json = format!(r#"{{"lat":{lat:?},"lon":{lon:?},"precision":"exact"}}"#);
            prop_assert!(serde_json::from_str::<Location>(&json).is_err(), "{}", json);
        }
    }

    #[test]
    fn geo_precision_codes_round_trip(code in any::<u8>()) {
        match GeoPrecision::from_acled(code) {
            Ok(precision) => {
                prop_assert!((1..=3).contains(&code), "accepted {}", code);
                prop_assert_eq!(precision.acled_code(), Some(code));
            }
            Err(_) => prop_assert!(!(1..=3).contains(&code), "refused {}", code),
        }
        match GeoPrecision::from_ucdp(code) {
            Ok(precision) => {
                prop_assert!((1..=7).contains(&code), "accepted {}", code);
                prop_assert_eq!(precision.ucdp_code(), code);
            }
            Err(_) => prop_assert!(!(1..=7).contains(&code), "refused {}", code),
        }
    }
}

#[test]
fn geo_precision_codes_follow_the_documented_table() {
    use GeoPrecision::*;
    let acled: Vec<_> = (1..=3)
        .map(|code| GeoPrecision::from_acled(code).ok())
        .collect();
    assert_eq!(acled, [Some(Exact), Some(Near), Some(Region)]);
    let ucdp: Vec<_> = (1..=7)
        .map(|code| GeoPrecision::from_ucdp(code).ok())
        .collect();
    let table = [Exact, Near, Admin2, Admin1, Region, Country, Water];
    assert_eq!(ucdp, table.map(Some));
    let written: Vec<_> = table.iter().map(|p| p.acled_code()).collect();
    assert_eq!(
        written,
        [Some(1), Some(2), Some(3), Some(3), Some(3), None, None]
    );
}

#[test]
fn geo_precision_ucdp_codes_are_distinct() {
    for &precision in GeoPrecision::ALL {
        assert_eq!(
            GeoPrecision::from_ucdp(precision.ucdp_code()).unwrap(),
            precision
        );
    }
}

// ---------------------------------------------------------------------------
// Country codes
// ---------------------------------------------------------------------------

fn is_three_ascii_letters(text: &str) -> bool {
    text.len() == 3 && text.bytes().all(|b| b.is_ascii_alphabetic())
}

proptest! {
    #[test]
    fn three_letters_are_a_country_code(text in "[a-zA-Z]{3}") {
        let code: CountryCode = text.parse().unwrap();
        let upper = text.to_ascii_uppercase();
        prop_assert_eq!(code.to_string(), upper.clone());
        prop_assert_eq!(code.as_str(), upper.as_str());
        let json = serde_json::to_string(&code).unwrap();
        prop_assert_eq!(&json, &format!("\"{upper}\""));
        prop_assert_eq!(serde_json::from_str::<CountryCode>(&json).ok(), Some(code));
        let lower_json = format!("\"{}\"", text.to_ascii_lowercase());
        prop_assert_eq!(serde_json::from_str::<CountryCode>(&lower_json).ok(), Some(code));
    }

    #[test]
    fn anything_else_is_not_a_country_code(
        text in prop_oneof![
            any::<String>(),
            "[a-zA-Z]{0,2}",
            "[a-zA-Z]{4,6}",
            "[a-zA-Z0-9 _\\-.]{3}",
            "[\\p{L}]{3}",
            " [a-zA-Z]{3}|[a-zA-Z]{3} ",
        ]
    ) {
        prop_assume!(!is_three_ascii_letters(&text));
        prop_assert!(text.parse::<CountryCode>().is_err(), "{:?}", text);
        let json = serde_json::to_string(&text).unwrap();
        prop_assert!(serde_json::from_str::<CountryCode>(&json).is_err(), "{}", json);
    }
}

// ---------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------

fn id_json_is_the_bare_number<T>(id: T, n: u32) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + fmt::Debug + Into<u32> + Copy,
{
    let json = n.to_string();
    prop_assert_eq!(serde_json::to_string(&id).ok(), Some(json.clone()));
    prop_assert_eq!(serde_json::from_str::<T>(&json).ok(), Some(id));
    prop_assert_eq!(id.into(), n);
    let too_big = (u64::from(n) + (1 << 32)).to_string();
    let negative = format!("-{}", u64::from(n) + 1);
    let quoted = format!("\"{n}\"");
    for json in [too_big, negative, quoted] {
        prop_assert!(serde_json::from_str::<T>(&json).is_err(), "{}", json);
    }
    Ok(())
}

proptest! {
    #[test]
    fn ids_are_bare_numbers(n in any::<u32>()) {
        id_json_is_the_bare_number(GroupId::new(n), n)?;
        id_json_is_the_bare_number(RegionId::new(n), n)?;
        id_json_is_the_bare_number(SiteId::new(n), n)?;
        id_json_is_the_bare_number(IncidentId::new(n), n)?;
        id_json_is_the_bare_number(BlockadeId::new(n), n)?;
        prop_assert_eq!(GroupId::new(n).as_u32(), n);
        prop_assert_eq!(IncidentId::new(n).index(), n as usize);
    }
}

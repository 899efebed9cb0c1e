//! UCDP GED reading and writing.

use std::collections::BTreeMap;
use std::path::PathBuf;

use conflict_events::io::ucdp::{self, BoolForm, DateForm, Layout};
use conflict_events::io::{Import, Progress, ReadOptions};
use conflict_events::{
    AdminLevel, Confidence, Dataset, DateSpan, Error, Estimate, ExternalId, GeoPrecision,
    GroupKind, IdScheme, Incident, Quantity, Role, Side, SubEventType, TimePrecision, UcdpFields,
    ViolenceType,
};
use time::macros::date;

/// The header and first 40 rows of the shared `ucdp-ged-mali.csv`, verbatim
/// (website-export layout); see `tests/fixtures/ucdp/README.md`.
fn mali_extract() -> &'static str {
    include_str!("../fixtures/ucdp/mali-extract.csv")
}

/// Hand-written rows in the official 49-column layout, one rule each.
fn official() -> &'static str {
    include_str!("../fixtures/ucdp/official.csv")
}

fn read(text: &str) -> Import {
    ucdp::read(text.as_bytes(), ReadOptions::new()).unwrap()
}

/// The incident with UCDP id `id`.
fn by_id<'a>(data: &'a Dataset, id: &str) -> &'a Incident {
    let key = ExternalId::new(IdScheme::UcdpGed, id);
    data.incidents()
        .iter()
        .find(|i| i.external_ids().first() == Some(&key))
        .unwrap_or_else(|| panic!("no incident {id}"))
}

fn fields(incident: &Incident) -> &UcdpFields {
    incident.origin().and_then(|o| o.ucdp()).unwrap()
}

/// The names of the incident's region and its ancestors, country first.
fn region_path(data: &Dataset, incident: &Incident) -> Vec<String> {
    let mut path: Vec<String> = std::iter::once(incident.region())
        .chain(data.ancestors(incident.region()))
        .map(|r| data.region(r).unwrap().name().to_owned())
        .collect();
    path.dedup();
    path.reverse();
    path
}

/// The group names of the principal actors on sides A and B.
fn sides(data: &Dataset, incident: &Incident) -> (String, String) {
    let name = |side| {
        let actor = incident
            .actors()
            .iter()
            .find(|a| a.side() == side && a.role() == Role::Principal)
            .unwrap();
        assert_eq!(actor.confidence(), Confidence::Reported);
        data.group(actor.group()).unwrap().name().to_owned()
    };
    (name(Side::A), name(Side::B))
}

/// `text`'s records by the value of their first field (`id`), and its header.
fn records_by_id(text: &[u8]) -> (csv::StringRecord, BTreeMap<String, csv::StringRecord>) {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text);
    let header = reader.headers().unwrap().clone();
    let mut rows = BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let previous = rows.insert(record[0].to_owned(), record);
        assert!(previous.is_none());
    }
    (header, rows)
}

/// `text`'s rows as they are written, line ends included, by `id`, and its
/// header line.
fn raw_rows_by_id(text: &[u8]) -> (&[u8], BTreeMap<String, &[u8]>) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut starts = Vec::new();
    let mut ids = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        starts.push(usize::try_from(record.position().unwrap().byte()).unwrap());
        ids.push(record[0].to_owned());
    }
    starts.push(text.len());
    let rows = (1..ids.len())
        .map(|k| (ids[k].clone(), &text[starts[k]..starts[k + 1]]))
        .collect();
    (&text[..starts[1]], rows)
}

#[test]
fn the_mali_extract_reads_whole() {
    // Independently, with Python's csv module over the same 40 rows:
    // type_of_violence 1 = 20, 2 = 8, 3 = 12; no row breaks
    // low <= best <= high; no row has best != deaths_a + deaths_b +
    // deaths_civilians + deaths_unknown (so no warning); the sums of
    // low_est, best_est and high_est are 152, 181 and 307; 15 distinct
    // side names; 27 distinct (country, adm_1, adm_2) prefixes.
    let import = read(mali_extract());
    assert_eq!(import.rows_read(), 40);
    assert_eq!(import.accepted(), 40);
    assert_eq!(import.quarantined(), []);
    assert_eq!(import.warnings(), []);
    let data = import.dataset();
    let count = |v| {
        data.incidents()
            .iter()
            .filter(|i| i.violence_type() == Some(v))
            .count()
    };
    assert_eq!(
        [
            ViolenceType::StateBased,
            ViolenceType::NonState,
            ViolenceType::OneSided
        ]
        .map(count),
        [20, 8, 12]
    );
    let sum = |f: fn(Estimate) -> Option<u32>| -> u32 {
        data.incidents()
            .iter()
            .map(|i| f(i.figure(Quantity::Fatalities)).unwrap())
            .sum()
    };
    assert_eq!(
        (sum(|e| e.low()), sum(|e| e.best()), sum(|e| e.high())),
        (152, 181, 307)
    );
    assert_eq!(data.groups().len(), 15);
    assert_eq!(data.regions().len(), 27);
    // Groups are numbered by name, regions by path.
    let names: Vec<&str> = data.groups().iter().map(|g| g.name()).collect();
    assert!(names.is_sorted(), "{names:?}");
    assert_eq!(names[..3], ["Ansar Dine", "CMA", "Civilians"]);
    assert_eq!(data.regions()[0].name(), "Mali");
    assert_eq!(data.regions()[1].name(), "Gao region");
    assert_eq!(data.regions()[2].name(), "Ansongo cercle");
    // Incidents by first day, then id.
    let first = &data.incidents()[0];
    assert_eq!(first.external_ids()[0].value(), "151515");
    assert_eq!(first.when().start(), date!(2014 - 01 - 23));
}

#[test]
fn hand_picked_rows_of_the_extract() {
    let data = read(mali_extract()).into_dataset();

    // Line 2: non-state conflict, Fulani against Tuareg, known to the cercle.
    let fulani = by_id(&data, "235799");
    assert_eq!(
        fulani.external_ids(),
        [
            ExternalId::new(IdScheme::UcdpGed, "235799"),
            ExternalId::new(IdScheme::UcdpRelid, "CHA-2016-2-244-0"),
        ]
    );
    assert_eq!(fulani.violence_type(), Some(ViolenceType::NonState));
    assert_eq!(fulani.sub_event_type(), SubEventType::ArmedClash);
    assert!(!fulani.civilians_targeted());
    assert_eq!(fulani.when(), DateSpan::day(date!(2016 - 05 - 26)));
    let place = fulani.location().unwrap();
    assert_eq!(
        (place.lat(), place.lon(), place.precision(), place.place()),
        (
            15.736902,
            0.780081,
            GeoPrecision::Admin2,
            Some("Ansongo cercle")
        )
    );
    assert_eq!(
        region_path(&data, fulani),
        ["Mali", "Gao region", "Ansongo cercle"]
    );
    assert_eq!(
        data.region(fulani.region()).unwrap().level(),
        AdminLevel::ADMIN2
    );
    assert_eq!(
        data.region(
            data.ancestor_at(fulani.region(), AdminLevel::COUNTRY)
                .unwrap()
        )
        .unwrap()
        .country_code()
        .as_str(),
        "MLI"
    );
    assert_eq!(sides(&data, fulani), ("Fulani".into(), "Tuareg".into()));
    assert_eq!(
        fulani.figure(Quantity::Fatalities),
        Estimate::range(2, Some(2), 2).unwrap()
    );
    let f = fields(fulani);
    assert_eq!(f.layout(), Layout::WebExport);
    assert_eq!((f.year(), f.active_year()), (2016, false));
    assert_eq!(f.active_year_form(), BoolForm::Word);
    assert_eq!(f.date_start_form(), DateForm::UsDateTime);
    assert_eq!(f.code_status(), "Clear");
    assert_eq!(
        (f.conflict_dset_id(), f.conflict_new_id(), f.conflict_name()),
        (5391, 4781, "Fulani - Tuareg")
    );
    assert_eq!((f.side_a_dset_id(), f.side_b_new_id()), (607, 937));
    assert_eq!(f.number_of_sources(), Some(1));
    assert_eq!(
        f.source_article(),
        "\"Maghreb and Sahel. Sand, Tea, and Guns,2016-06-01,\
         Mali: AQIM and Security Related Incidents in May 2016\""
    );
    assert_eq!(f.where_description(), "30km south of In-Tellit");
    assert_eq!(f.geom_wkt(), "POINT (0.780081 15.736902)");
    assert_eq!(f.priogrid_gid(), Some(152_282));
    assert_eq!((f.country_id(), f.region()), (432, "Africa"));
    assert_eq!(
        (f.event_clarity(), f.deaths_b(), f.deaths_total()),
        (1, 2, 2)
    );
    assert_eq!((f.gwnoa(), f.latitude_decimals()), ("", Some(6)));
    assert!(f.trailing_field());
    let fulani_kind = data
        .group(data.find_group("Fulani").unwrap())
        .unwrap()
        .kind();
    assert_eq!(fulani_kind, GroupKind::Rebel);

    // Line 3: no adm_1 or adm_2, so the region is the country.
    let gourma = by_id(&data, "339334");
    assert_eq!(region_path(&data, gourma), ["Mali"]);
    assert_eq!(gourma.location().unwrap().precision(), GeoPrecision::Region);
    assert_eq!(gourma.location().unwrap().place(), Some("the Gourma"));
    assert_eq!(
        gourma.figure(Quantity::Fatalities),
        Estimate::range(0, Some(0), 1).unwrap()
    );
    assert_eq!(
        sides(&data, gourma),
        ("Government of Mali".into(), "IS".into())
    );
    let mali = data.find_group("Government of Mali").unwrap();
    assert_eq!(data.group(mali).unwrap().kind(), GroupKind::StateForces);
    assert_eq!(fields(gourma).source_original(), "French General Staff");

    // Lines 5-11: one-sided violence over two days, six sources (the
    // quoted where_description spans seven lines).
    let nampala = by_id(&data, "464536");
    assert_eq!(nampala.violence_type(), Some(ViolenceType::OneSided));
    assert_eq!(nampala.sub_event_type(), SubEventType::Attack);
    assert!(nampala.civilians_targeted());
    assert_eq!(
        nampala.when(),
        DateSpan::new(
            date!(2022 - 03 - 05),
            date!(2022 - 03 - 06),
            TimePrecision::Days
        )
        .unwrap()
    );
    assert_eq!(
        sides(&data, nampala),
        ("Government of Mali".into(), "Civilians".into())
    );
    let civilians = data.find_group("Civilians").unwrap();
    assert_eq!(data.group(civilians).unwrap().kind(), GroupKind::Civilians);
    assert_eq!(
        region_path(&data, nampala),
        ["Mali", "Segou region", "Niono cercle"]
    );
    assert_eq!(
        nampala.figure(Quantity::Fatalities),
        Estimate::range(33, Some(33), 33).unwrap()
    );
    assert_eq!(fields(nampala).number_of_sources(), Some(6));
    assert_eq!(fields(nampala).where_description().lines().count(), 7);
    assert_eq!(fields(nampala).deaths_civilians(), 33);

    // Line 21: known to the region only (adm_2 empty), over two days.
    let tombouctou = by_id(&data, "151515");
    assert_eq!(
        region_path(&data, tombouctou),
        ["Mali", "Tombouctou region"]
    );
    assert_eq!(
        data.region(tombouctou.region()).unwrap().level(),
        AdminLevel::ADMIN1
    );
    let place = tombouctou.location().unwrap();
    assert_eq!(
        (place.lat(), place.lon(), place.precision()),
        (20.0, -3.0, GeoPrecision::Admin1)
    );
    assert_eq!(
        tombouctou.when(),
        DateSpan::new(
            date!(2014 - 01 - 23),
            date!(2014 - 01 - 24),
            TimePrecision::Days
        )
        .unwrap()
    );

    // Line 58: a wide range, low 0, best 26, high 29.
    let boni = by_id(&data, "253112");
    assert_eq!(
        boni.figure(Quantity::Fatalities),
        Estimate::range(0, Some(26), 29).unwrap()
    );
    assert_eq!(fields(boni).number_of_sources(), Some(8));
}

#[test]
fn the_official_layout_quarantines_and_warns_exactly() {
    let import = read(official());
    assert_eq!(import.rows_read(), 8);
    assert_eq!(import.accepted(), 3);
    let messages: Vec<String> = import
        .quarantined()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        messages,
        [
            "line 4, column best: expected low <= best <= high, found \"low 5, best 3, high 6\"",
            "line 5, column date_start: expected a date as YYYY-MM-DD or MM/DD/YYYY 00:00:00, \
             found \"2010-02-30 00:00:00.000\"",
            "line 6: expected 49 fields, found 48",
            "line 7, column country: expected a country name with an ISO 3166 code, \
             found \"Atlantis\"",
            "line 9, column id: expected a unique event id, found \"900001\" again \
             (first on line 2)",
        ]
    );
    let quarantined = &import.quarantined()[0];
    assert_eq!(quarantined.column.as_deref(), Some("best"));
    assert!(
        quarantined
            .raw
            .starts_with("900003,MLI-2010-1-100-2,2010,1,Clear,1,")
    );
    assert!(quarantined.raw.ends_with(",1,2,0,0,3,6,5,432,"));
    let warnings: Vec<String> = import.warnings().iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "line 3, column best: best 4 differs from deaths_a + deaths_b + deaths_civilians + \
          deaths_unknown = 2 + 1 + 0 + 0 = 3"
        ]
    );

    let data = import.dataset();
    let gao = by_id(data, "900001");
    assert_eq!(gao.when(), DateSpan::day(date!(2010 - 05 - 13)));
    assert_eq!(fields(gao).layout(), Layout::Official);
    assert_eq!(fields(gao).date_start_form(), DateForm::DateTimeMillis);
    assert_eq!(fields(gao).active_year_form(), BoolForm::Digit);
    assert_eq!(fields(gao).gwnoa_codes().collect::<Vec<_>>(), [432]);
    assert_eq!(fields(gao).number_of_sources(), Some(2));
    assert!(!fields(gao).trailing_field());

    let menaka = by_id(data, "900002");
    assert_eq!(
        menaka.when(),
        DateSpan::new(
            date!(2010 - 05 - 14),
            date!(2010 - 05 - 16),
            TimePrecision::Days
        )
        .unwrap()
    );
    assert_eq!(fields(menaka).date_start_form(), DateForm::Date);
    assert!(!fields(menaka).active_year());
    assert_eq!(
        menaka.figure(Quantity::Fatalities),
        Estimate::range(3, Some(4), 6).unwrap()
    );

    let beni = by_id(data, "900007");
    assert_eq!(beni.violence_type(), Some(ViolenceType::OneSided));
    assert!(beni.civilians_targeted());
    assert_eq!(fields(beni).date_end_form(), DateForm::DateTimeT);
    assert_eq!(fields(beni).active_year_form(), BoolForm::Word);
    assert_eq!(
        region_path(data, beni),
        ["DR Congo (Zaire)", "North Kivu province", "Beni territory"]
    );
    let congo = data
        .ancestor_at(beni.region(), AdminLevel::COUNTRY)
        .unwrap();
    assert_eq!(data.region(congo).unwrap().country_code().as_str(), "COD");
    assert_eq!(sides(data, beni), ("ADF".into(), "Civilians".into()));
}

#[test]
fn strict_mode_stops_at_the_first_bad_row() {
    let err = ucdp::read(official().as_bytes(), ReadOptions::new().strict(true)).unwrap_err();
    let Error::Row(row) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(row.line, 4);
    assert_eq!(
        err.to_string(),
        "line 4, column best: expected low <= best <= high, found \"low 5, best 3, high 6\""
    );
    // A clean file reads the same strict or not.
    let strict = ucdp::read(mali_extract().as_bytes(), ReadOptions::new().strict(true)).unwrap();
    assert_eq!(strict, read(mali_extract()));
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let with_bom = format!("\u{feff}{}", mali_extract());
    assert_eq!(read(&with_bom), read(mali_extract()));
}

#[test]
fn a_header_that_is_not_ucdp_is_refused() {
    let header = |text: &str| match ucdp::read(text.as_bytes(), ReadOptions::new()) {
        Err(Error::Header { format, reason }) => {
            assert_eq!(format, "UCDP GED");
            reason
        }
        other => panic!("{other:?}"),
    };
    let acled = "event_id_cnty,event_date,year,time_precision,country,latitude,longitude\n";
    assert!(
        header(acled).starts_with("missing column id, relid, active_year, code_status,"),
        "{}",
        header(acled)
    );
    let no_prec = official()
        .lines()
        .next()
        .unwrap()
        .replace(",date_prec,", ",date_precision,");
    assert_eq!(header(&no_prec), "missing column date_prec");
    let mixed = official()
        .lines()
        .next()
        .unwrap()
        .replace(",low,", ",low_est,");
    assert_eq!(
        header(&mixed),
        "expected the estimates named best, high, low or best_est, high_est, low_est, found both"
    );
    assert_eq!(header(""), "the input is empty");
}

#[test]
fn columns_are_found_by_name_in_any_order() {
    // The extract with its columns reversed reads the same.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(mali_extract().as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for record in reader.records() {
        let record = record.unwrap();
        // The header has 47 fields, data rows 48 (the last empty): reverse the 47.
        let mut fields: Vec<&str> = record.iter().take(47).collect();
        fields.reverse();
        if record.len() == 48 {
            fields.push("");
        }
        writer.write_record(&fields).unwrap();
    }
    let reversed = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    assert_eq!(read(&reversed).dataset(), read(mali_extract()).dataset());
}

#[test]
fn row_order_does_not_change_the_dataset() {
    let (header, rows) = records_by_id(mali_extract().as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    // Ascending id, which is not the file's order.
    for record in rows.values() {
        writer.write_record(record).unwrap();
    }
    let shuffled = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let shuffled = read(&shuffled);
    let original = read(mali_extract());
    assert_eq!(shuffled.dataset(), original.dataset());
    assert_eq!(shuffled.rows_read(), original.rows_read());
}

#[test]
fn bad_fields_are_quarantined_not_panicked_on() {
    let header = mali_extract().lines().next().unwrap();
    // The extract's line 2, verbatim.
    let good = mali_extract().lines().nth(1).unwrap();
    let cases: [(String, &str); 6] = [
        (
            good.replace(",Gao region,", ", ,"),
            "line 2, column adm_1: expected a name or nothing, found \" \"",
        ),
        (
            good.replacen(",False,", ",Maybe,", 1),
            "line 2, column active_year: expected True, False, 1 or 0, found \"Maybe\"",
        ),
        (
            good.replace(",3,Ansongo cercle,", ",8,Ansongo cercle,"),
            "line 2, column where_prec: expected an integer from 1 to 7, found \"8\"",
        ),
        (
            good.replace(",15.736902,", ",95.5,"),
            "line 2, column latitude: expected a number in [-90, 90], found \"95.5\"",
        ),
        (
            good.replace(
                "05/26/2016 00:00:00,05/26/2016 00:00:00",
                "05/26/2016 00:00:00,05/25/2016 00:00:00",
            ),
            "line 2, column date_end: expected a date on or after date_start, 2016-05-26, \
             found \"05/25/2016 00:00:00\"",
        ),
        (
            format!("{good}x"),
            "line 2: expected field 48 to be empty, found \"x\"",
        ),
    ];
    for (row, expected) in &cases {
        let import = read(&format!("{header}\n{row}\n"));
        assert_eq!(import.rows_read(), 1);
        assert_eq!(import.accepted(), 0);
        assert_eq!(import.quarantined()[0].to_string(), *expected);
        assert_eq!(import.quarantined()[0].raw, *row);
    }
    // Too many fields, too few, and a missing trailing field, which is fine.
    let short = good.strip_suffix(',').unwrap();
    assert_eq!(read(&format!("{header}\n{short}\n")).accepted(), 1);
    let shorter = short.rsplit_once(',').unwrap().0;
    assert_eq!(
        read(&format!("{header}\n{shorter}\n")).quarantined()[0].to_string(),
        "line 2: expected 47 fields, or 48 with the last empty, found 46"
    );
    // Invalid UTF-8 in a text column.
    let mut bytes = format!("{header}\n{good}\n").into_bytes();
    let at = bytes
        .windows(14)
        .position(|w| w == b"30km south of ")
        .unwrap();
    bytes[at] = 0xFF;
    let import = ucdp::read(&bytes[..], ReadOptions::new()).unwrap();
    assert_eq!(
        import.quarantined()[0].to_string(),
        "line 2, column where_description: expected UTF-8 text, \
         found \"\u{FFFD}0km south of In-Tellit\""
    );
}

#[test]
fn progress_is_reported_at_the_end() {
    let mut seen = Vec::new();
    let mut report = |p: Progress| seen.push(p);
    ucdp::read(
        mali_extract().as_bytes(),
        ReadOptions::new().progress(&mut report),
    )
    .unwrap();
    assert_eq!(
        seen,
        [Progress {
            rows: 40,
            bytes: mali_extract().len() as u64
        }]
    );
}

#[test]
fn the_extract_is_written_back_byte_for_byte() {
    let import = read(mali_extract());
    let mut out = Vec::new();
    ucdp::write(import.dataset(), &mut out, Layout::WebExport).unwrap();
    // Rows come in date order, not the file's: compare row by row, as
    // fields and as bytes.
    let (header, written) = records_by_id(&out);
    let (input_header, input) = records_by_id(mali_extract().as_bytes());
    assert_eq!(header, input_header);
    assert_eq!(written, input);
    assert_eq!(
        raw_rows_by_id(&out),
        raw_rows_by_id(mali_extract().as_bytes())
    );
    // And the whole dataset again.
    assert_eq!(read(std::str::from_utf8(&out).unwrap()), import);
}

#[test]
fn the_official_layout_is_written_back() {
    let import = read(official());
    let mut out = Vec::new();
    ucdp::write(import.dataset(), &mut out, Layout::Official).unwrap();
    let text = String::from_utf8(out).unwrap();
    // The accepted rows (lines 1-3 and 8 of the file) are already in date order.
    let lines: Vec<&str> = official().lines().collect();
    let expected = [lines[0], lines[1], lines[2], lines[7]].join("\n") + "\n";
    assert_eq!(text, expected);
    assert_eq!(read(&text).dataset(), import.dataset());
}

#[test]
fn a_layout_can_be_changed_on_the_way_out() {
    let data = read(official()).into_dataset();
    let mut out = Vec::new();
    ucdp::write(&data, &mut out, Layout::WebExport).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("id,relid,"));
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with(",best_est,high_est,low_est")
    );
    // Each row keeps its spellings and gets the export's empty last field.
    let first = text.lines().nth(1).unwrap();
    assert!(first.contains(",2010-05-13 00:00:00.000,"), "{first}");
    assert!(first.ends_with(",1,4,0,0,5,7,5,"), "{first}");
    let again = read(&text).into_dataset();
    assert_eq!(again.incidents().len(), 3);
    for (a, b) in again.incidents().iter().zip(data.incidents()) {
        assert_eq!(a.when(), b.when());
        assert_eq!(a.figures(), b.figures());
        assert_eq!(fields(a).layout(), Layout::WebExport);
        assert_eq!(fields(a).date_start_form(), fields(b).date_start_form());
    }
}

#[test]
fn a_ucdp_dataset_round_trips_through_json() {
    for text in [mali_extract(), official()] {
        let data = read(text).into_dataset();
        let json = serde_json::to_string(&data).unwrap();
        let back: Dataset = serde_json::from_str(&json).unwrap();
        assert_eq!(back, data);
    }
    let value = serde_json::to_value(read(official()).dataset()).unwrap();
    let origin = &value["incidents"][0]["origin"]["ucdp"];
    assert_eq!(origin["layout"], "official");
    assert_eq!(origin["date_start_form"], "date_time_millis");
    assert_eq!(origin["active_year_form"], "digit");
    assert_eq!(value["incidents"][0]["violence"], "state_based");
}

/// The shared file `name`, or `None` (with a message) when it is absent.
fn shared(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

/// Reads a whole shared file and checks it against the figures of
/// `shared/data/SOURCES.md`, counting quarantined rows from their raw text.
fn check_shared(name: &str, rows: u64, types: [usize; 3], best_sum: u64, quarantined: usize) {
    let Some(path) = shared(name) else {
        return;
    };
    let import = ucdp::read_path(&path, ReadOptions::new()).unwrap();
    assert_eq!(import.rows_read(), rows);
    assert_eq!(import.quarantined().len(), quarantined);
    assert_eq!(import.accepted() + quarantined as u64, rows);
    // No row of either file has best != the sum of its deaths.
    assert_eq!(import.warnings(), []);
    // The quarantined rows are the ones that break low <= best <= high:
    // rows of UCDP's own data, refused by the codebook's rule.
    for q in import.quarantined() {
        assert_eq!(q.column.as_deref(), Some("best_est"), "{q}");
        assert!(
            q.reason
                .starts_with("expected low_est <= best_est <= high_est, found \"low_est "),
            "{q}"
        );
    }
    // The file's figures: accepted incidents plus quarantined raw rows.
    let header = std::fs::read_to_string(&path).unwrap();
    let header: Vec<&str> = header.lines().next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|c| *c == name).unwrap();
    let mut by_type = [0usize; 3];
    let mut best = 0u64;
    for incident in import.dataset().incidents() {
        by_type[usize::from(incident.violence_type().unwrap().code() - 1)] += 1;
        best += u64::from(incident.figure(Quantity::Fatalities).best().unwrap());
    }
    for q in import.quarantined() {
        let record = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(q.raw.as_bytes())
            .records()
            .next()
            .unwrap()
            .unwrap();
        by_type[record[at("type_of_violence")].parse::<usize>().unwrap() - 1] += 1;
        best += record[at("best_est")].parse::<u64>().unwrap();
    }
    assert_eq!(by_type, types);
    assert_eq!(best, best_sum);

    // Lossless: every accepted row comes back with every field as read.
    let mut out = Vec::new();
    ucdp::write(import.dataset(), &mut out, Layout::WebExport).unwrap();
    let (written_header, written) = records_by_id(&out);
    let (input_header, mut input) = records_by_id(&std::fs::read(&path).unwrap());
    assert_eq!(written_header, input_header);
    for q in import.quarantined() {
        let id = q.raw.split(',').next().unwrap();
        assert!(input.remove(id).is_some());
    }
    assert_eq!(written.len(), input.len());
    for (id, record) in &written {
        let original = &input[id];
        assert_eq!(record.len(), original.len(), "id {id}");
        for (k, (a, b)) in record.iter().zip(original.iter()).enumerate() {
            let column = input_header.get(k).unwrap_or("(trailing field)");
            assert_eq!(a, b, "id {id}, column {column}");
        }
    }
    // UCDP's quoting is the csv crate's, so each row's bytes come back too.
    let input_bytes = std::fs::read(&path).unwrap();
    let (input_header_line, mut input_raw) = raw_rows_by_id(&input_bytes);
    let (written_header_line, written_raw) = raw_rows_by_id(&out);
    assert_eq!(written_header_line, input_header_line);
    input_raw.retain(|id, _| written.contains_key(id));
    assert_eq!(written_raw, input_raw);
    // And the written file reads back as the same dataset.
    let again = ucdp::read(&out[..], ReadOptions::new()).unwrap();
    assert_eq!(again.dataset(), import.dataset());
    assert_eq!(again.quarantined(), []);
}

#[test]
#[ignore = "reads the shared data file ../shared/data/ucdp-ged-mali.csv"]
fn the_whole_mali_file() {
    check_shared("ucdp-ged-mali.csv", 2_120, [1_252, 326, 542], 15_742, 23);
}

#[test]
#[ignore = "reads the shared data file ../shared/data/ucdp-ged-burkina-faso.csv"]
fn the_whole_burkina_faso_file() {
    check_shared(
        "ucdp-ged-burkina-faso.csv",
        1_504,
        [938, 48, 518],
        12_864,
        32,
    );
}

#[test]
fn an_uncounted_number_of_sources_comes_back_as_written() {
    // UCDP writes -1 when it did not count the sources (151 Mali rows,
    // mostly before 2013).
    let header = mali_extract().lines().next().unwrap();
    let good = mali_extract().lines().nth(1).unwrap();
    let row = good.replacen(",1,\"\"\"Maghreb", ",-1,\"\"\"Maghreb", 1);
    assert_ne!(row, good);
    let text = format!("{header}\n{row}\n");
    let import = read(&text);
    let incident = &import.dataset().incidents()[0];
    assert_eq!(fields(incident).number_of_sources(), None);
    let mut out = Vec::new();
    ucdp::write(import.dataset(), &mut out, Layout::WebExport).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), text);
}

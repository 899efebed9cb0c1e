use conflict_events::query::{Key, Period};
use conflict_events::*;
use time::macros::date;

#[test]
fn scratch_country_only() {
    let mut b = DatasetBuilder::new();
    let mali = b.add_region(Region::country("Mali", "MLI".parse().unwrap()));
    let bf = b.add_region(Region::country("Burkina", "BFA".parse().unwrap()));
    let kayes = b.add_region(Region::new("Kayes", "MLI".parse().unwrap(), AdminLevel::ADMIN1).parent(mali));
    for r in [mali, bf, kayes] {
        b.add_incident(Incident::builder(SubEventType::Attack, DateSpan::day(date!(2026-01-10)), r).build());
    }
    let d = b.build().unwrap();
    let t = d.query().group_by(Key::Period(Period::AcledWeek)).group_by(Key::Country).group_by(Key::Admin1).group_by(Key::SubEventType).run();
    for r in t.rows() { println!("{:?} {}", r.keys(), r.events()); }
}

//! Named loaders for test data.

#[path = "../../examples/kayes/scenario.rs"]
mod scenario;

use conflict_events::Dataset;

/// The Kayes industrial attacks, as the main example builds them.
pub fn kayes() -> Dataset {
    scenario::kayes().expect("the Kayes scenario is valid")
}

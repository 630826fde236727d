//! The gazetteer: cities, plants, ports, airbases and hubs by name, from
//! `assets/geo/places.csv` (built into the binary; every row carries its
//! source). Scenarios place units at `"Kyiv"`; coverage statistics weight
//! cells by population and infrastructure value from the same rows.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::projection::LatLon;

/// The shipped gazetteer, as CSV.
pub const PLACES_CSV: &str = include_str!("../../assets/geo/places.csv");

/// What a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A city or town.
    City,
    /// A nuclear power plant.
    NuclearPlant,
    /// A thermal (coal, gas) power plant.
    ThermalPlant,
    /// A hydro or pumped-storage plant.
    HydroPlant,
    /// A sea or river port.
    Port,
    /// An airfield or airbase.
    Airbase,
    /// A naval base.
    NavalBase,
    /// A logistics hub (e.g. Rzeszów-Jasionka).
    LogisticsHub,
    /// An island.
    Island,
}

impl PlaceKind {
    /// True for infrastructure (everything but cities and islands).
    pub fn is_infrastructure(self) -> bool {
        !matches!(self, Self::City | Self::Island)
    }
}

/// One row of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Name.
    pub name: String,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// What it is.
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2 country by internationally recognised borders.
    pub country: String,
    /// Where it is.
    pub position: LatLon,
    /// Population (pre-2022), for cities.
    pub population: Option<u64>,
    /// Infrastructure value weight, 0 to 100.
    pub value: Option<f64>,
    /// Source URL(s).
    pub source: String,
    /// Confidence H/M/L.
    pub confidence: String,
    /// Notes.
    pub note: String,
}

#[derive(Deserialize)]
struct Row {
    name: String,
    aliases: String,
    kind: PlaceKind,
    country: String,
    lat: f64,
    lon: f64,
    population: Option<u64>,
    value: Option<f64>,
    source: String,
    confidence: String,
    note: String,
}

/// Places by name.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_name: BTreeMap<String, usize>,
}

impl Gazetteer {
    /// Reads a gazetteer from CSV text with the columns of `assets/geo/places.csv`.
    pub fn from_csv(text: &str) -> Result<Self, String> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut places = Vec::new();
        for (i, row) in reader.deserialize::<Row>().enumerate() {
            let r = row.map_err(|e| format!("places.csv row {}: {e}", i + 2))?;
            places.push(Place {
                name: r.name,
                aliases: r.aliases.split(';').map(str::trim).filter(|a| !a.is_empty()).map(String::from).collect(),
                kind: r.kind,
                country: r.country,
                position: LatLon { lat: r.lat, lon: r.lon },
                population: r.population,
                value: r.value,
                source: r.source,
                confidence: r.confidence,
                note: r.note,
            });
        }
        let mut by_name = BTreeMap::new();
        for (i, p) in places.iter().enumerate() {
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                if by_name.insert(n.to_lowercase(), i).is_some() && n == &p.name {
                    return Err(format!("places.csv: the name {n:?} appears twice"));
                }
            }
        }
        Ok(Self { places, by_name })
    }

    /// The gazetteer built into the binary.
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            // The shipped file is checked by a test; an error here is a build defect.
            Gazetteer::from_csv(PLACES_CSV).unwrap_or_else(|e| panic!("assets/geo/places.csv is broken: {e}"))
        })
    }

    /// The place called `name` (case-insensitive; aliases count).
    pub fn find(&self, name: &str) -> Option<&Place> {
        self.by_name.get(&name.trim().to_lowercase()).map(|&i| &self.places[i])
    }

    /// All places.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// All primary names.
    pub fn names(&self) -> Vec<&str> {
        self.places.iter().map(|p| p.name.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_gazetteer_loads_and_finds_places() {
        let g = Gazetteer::from_csv(PLACES_CSV).unwrap();
        let kyiv = g.find("kyiv").unwrap();
        assert_eq!(kyiv.kind, PlaceKind::City);
        assert_eq!(kyiv.country, "UA");
        assert!((kyiv.position.lat - 50.45).abs() < 0.01);
        assert_eq!(g.find("Kiev").map(|p| &p.name), Some(&kyiv.name));
        assert!(g.places().len() >= 60, "{} places", g.places().len());
        assert!(g.places().iter().filter(|p| p.kind == PlaceKind::City && p.country == "UA").count() >= 30);
        for p in g.places() {
            assert!(!p.source.trim().is_empty(), "{} has no source", p.name);
        }
        let sevastopol = g.find("Sevastopol").unwrap();
        assert_eq!(sevastopol.country, "UA", "Crimea is Ukraine by recognised borders");
    }
}

//! Vector geometry in EPSG:3035: polygons with holes, polylines, and the few
//! operations the map needs (point in polygon, distance to a polyline),
//! plus reading GeoJSON (WGS84 lon/lat, RFC 7946) into them.

use geojson::{FeatureCollection, GeometryValue, JsonObject};

use super::projection::{self, LatLon, Xy};

/// An axis-aligned box in metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bbox {
    /// Minimum x.
    pub min_x: f64,
    /// Minimum y.
    pub min_y: f64,
    /// Maximum x.
    pub max_x: f64,
    /// Maximum y.
    pub max_y: f64,
}

impl Bbox {
    /// The empty box (contains nothing, grows with [`Bbox::add`]).
    pub const EMPTY: Bbox = Bbox { min_x: f64::MAX, min_y: f64::MAX, max_x: f64::MIN, max_y: f64::MIN };

    /// The box of `points`.
    pub fn of(points: &[Xy]) -> Self {
        let mut b = Self::EMPTY;
        for p in points {
            b.add(*p);
        }
        b
    }

    /// Grows the box to hold `p`.
    pub fn add(&mut self, p: Xy) {
        self.min_x = self.min_x.min(p.x);
        self.min_y = self.min_y.min(p.y);
        self.max_x = self.max_x.max(p.x);
        self.max_y = self.max_y.max(p.y);
    }

    /// True when `p` is inside or on the edge.
    pub fn contains(&self, p: Xy) -> bool {
        p.x >= self.min_x && p.x <= self.max_x && p.y >= self.min_y && p.y <= self.max_y
    }

    /// The union of two boxes.
    pub fn union(self, o: Bbox) -> Bbox {
        Bbox {
            min_x: self.min_x.min(o.min_x),
            min_y: self.min_y.min(o.min_y),
            max_x: self.max_x.max(o.max_x),
            max_y: self.max_y.max(o.max_y),
        }
    }
}

/// A polygon: one exterior ring and any holes, closed implicitly.
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    /// The outer boundary.
    pub exterior: Vec<Xy>,
    /// Holes.
    pub holes: Vec<Vec<Xy>>,
    /// Bounding box of the exterior.
    pub bbox: Bbox,
}

impl Polygon {
    /// A polygon from rings; the first is the exterior.
    pub fn new(mut rings: Vec<Vec<Xy>>) -> Option<Self> {
        for r in &mut rings {
            if r.len() > 1 && r.first() == r.last() {
                r.pop();
            }
        }
        let exterior = rings.first()?.clone();
        if exterior.len() < 3 {
            return None;
        }
        let holes = rings.into_iter().skip(1).filter(|r| r.len() >= 3).collect();
        Some(Self { bbox: Bbox::of(&exterior), exterior, holes })
    }

    /// Every ring: the exterior first, then the holes.
    pub fn rings(&self) -> impl Iterator<Item = &Vec<Xy>> {
        std::iter::once(&self.exterior).chain(&self.holes)
    }

    /// Even-odd containment: inside the exterior and outside every hole.
    pub fn contains(&self, p: Xy) -> bool {
        self.bbox.contains(p) && self.rings().filter(|r| ring_contains(r, p)).count() % 2 == 1
    }
}

/// Crossing-number test of one ring.
pub fn ring_contains(ring: &[Xy], p: Xy) -> bool {
    let mut inside = false;
    let n = ring.len();
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (ring[i], ring[j]);
        if (a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y) {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Several polygons, as one layer feature.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiPolygon {
    /// The polygons.
    pub polygons: Vec<Polygon>,
    /// Bounding box of all of them.
    pub bbox: Bbox,
}

impl MultiPolygon {
    /// From polygons.
    pub fn new(polygons: Vec<Polygon>) -> Self {
        let bbox = polygons.iter().fold(Bbox::EMPTY, |b, p| b.union(p.bbox));
        Self { polygons, bbox }
    }

    /// True when `p` is inside any polygon.
    pub fn contains(&self, p: Xy) -> bool {
        self.bbox.contains(p) && self.polygons.iter().any(|poly| poly.contains(p))
    }
}

/// Distance from `p` to the segment `a`-`b`.
pub fn segment_distance(p: Xy, a: Xy, b: Xy) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 { (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
    let (ex, ey) = (p.x - (a.x + t * dx), p.y - (a.y + t * dy));
    (ex * ex + ey * ey).sqrt()
}

/// Distance from `p` to the nearest point of a polyline.
pub fn polyline_distance(p: Xy, line: &[Xy]) -> f64 {
    match line {
        [] => f64::INFINITY,
        [only] => p.distance(*only),
        _ => line.windows(2).map(|w| segment_distance(p, w[0], w[1])).fold(f64::INFINITY, f64::min),
    }
}

/// A GeoJSON feature read into projected geometry, with its properties.
#[derive(Debug, Clone)]
pub struct VectorFeature {
    /// Its properties.
    pub properties: JsonObject,
    /// Its geometry.
    pub geometry: Shape,
}

/// Projected geometry of one feature.
#[derive(Debug, Clone)]
pub enum Shape {
    /// Polygons.
    Area(MultiPolygon),
    /// Lines, each with its original lon/lat vertices.
    Lines(Vec<(Vec<LatLon>, Vec<Xy>)>),
    /// Points.
    Points(Vec<(LatLon, Xy)>),
}

impl VectorFeature {
    /// A string property.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.properties.get(key).and_then(|v| v.as_str())
    }
}

fn to_latlon(pos: &geojson::Position) -> Result<LatLon, String> {
    let s = pos.as_slice();
    if s.len() < 2 || !s[0].is_finite() || !s[1].is_finite() {
        return Err("a position needs finite longitude and latitude".into());
    }
    Ok(LatLon { lat: s[1], lon: s[0] })
}

fn ring(r: &[geojson::Position]) -> Result<Vec<Xy>, String> {
    r.iter().map(|p| to_latlon(p).map(projection::forward)).collect()
}

fn polygon(rings: &[Vec<geojson::Position>]) -> Result<Option<Polygon>, String> {
    Ok(Polygon::new(rings.iter().map(|r| ring(r)).collect::<Result<_, _>>()?))
}

fn line(l: &[geojson::Position]) -> Result<(Vec<LatLon>, Vec<Xy>), String> {
    let ll: Vec<LatLon> = l.iter().map(to_latlon).collect::<Result<_, _>>()?;
    let xy = ll.iter().map(|p| projection::forward(*p)).collect();
    Ok((ll, xy))
}

/// Reads a GeoJSON FeatureCollection (lon/lat) and projects it.
pub fn read_geojson(text: &str) -> Result<Vec<VectorFeature>, String> {
    let fc: FeatureCollection =
        serde_json::from_str(text).map_err(|e| format!("not a GeoJSON FeatureCollection: {e}"))?;
    let mut out = Vec::new();
    for f in fc.features {
        let Some(g) = f.geometry else { continue };
        let geometry = match &g.value {
            GeometryValue::Polygon { coordinates } => {
                Shape::Area(MultiPolygon::new(polygon(coordinates)?.into_iter().collect()))
            }
            GeometryValue::MultiPolygon { coordinates } => {
                let polys: Vec<Option<Polygon>> = coordinates.iter().map(|p| polygon(p)).collect::<Result<_, _>>()?;
                Shape::Area(MultiPolygon::new(polys.into_iter().flatten().collect()))
            }
            GeometryValue::LineString { coordinates } => Shape::Lines(vec![line(coordinates)?]),
            GeometryValue::MultiLineString { coordinates } => {
                Shape::Lines(coordinates.iter().map(|l| line(l)).collect::<Result<_, _>>()?)
            }
            GeometryValue::Point { coordinates } => {
                let ll = to_latlon(coordinates)?;
                Shape::Points(vec![(ll, projection::forward(ll))])
            }
            GeometryValue::MultiPoint { coordinates } => Shape::Points(
                coordinates
                    .iter()
                    .map(|c| to_latlon(c).map(|ll| (ll, projection::forward(ll))))
                    .collect::<Result<_, _>>()?,
            ),
            GeometryValue::GeometryCollection { .. } => return Err("geometry collections are not supported".into()),
        };
        out.push(VectorFeature { properties: f.properties.unwrap_or_default(), geometry });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sq(x0: f64, y0: f64, s: f64) -> Vec<Xy> {
        vec![Xy { x: x0, y: y0 }, Xy { x: x0 + s, y: y0 }, Xy { x: x0 + s, y: y0 + s }, Xy { x: x0, y: y0 + s }]
    }

    #[test]
    fn holes_are_outside() {
        let p = Polygon::new(vec![sq(0.0, 0.0, 10.0), sq(4.0, 4.0, 2.0)]).unwrap();
        assert!(p.contains(Xy { x: 1.0, y: 1.0 }));
        assert!(!p.contains(Xy { x: 5.0, y: 5.0 }));
        assert!(!p.contains(Xy { x: 11.0, y: 5.0 }));
    }

    #[test]
    fn distances_to_segments_and_polylines() {
        let a = Xy { x: 0.0, y: 0.0 };
        let b = Xy { x: 10.0, y: 0.0 };
        assert_eq!(segment_distance(Xy { x: 5.0, y: 3.0 }, a, b), 3.0);
        assert_eq!(segment_distance(Xy { x: 13.0, y: 4.0 }, a, b), 5.0);
        let l = [a, b, Xy { x: 10.0, y: 10.0 }];
        assert_eq!(polyline_distance(Xy { x: 12.0, y: 5.0 }, &l), 2.0);
    }

    #[test]
    fn reads_geojson_polygons_and_lines() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"iso_a2":"XX"},"geometry":{"type":"Polygon","coordinates":[[[30,50],[31,50],[31,51],[30,51],[30,50]]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[30,50],[31,51]]}}]}"#;
        let f = read_geojson(text).unwrap();
        assert_eq!(f[0].text("iso_a2"), Some("XX"));
        let Shape::Area(mp) = &f[0].geometry else { panic!() };
        assert!(mp.contains(projection::forward(LatLon { lat: 50.5, lon: 30.5 })));
        assert!(!mp.contains(projection::forward(LatLon { lat: 51.5, lon: 30.5 })));
        assert!(matches!(&f[1].geometry, Shape::Lines(l) if l[0].1.len() == 2));
        assert!(read_geojson("{\"type\": \"Nope\"}").is_err());
    }
}

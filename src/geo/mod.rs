//! Geography: the EPSG:3035 projection, the grid and rasters every layer
//! shares, and the gazetteer of named places. The map layers themselves
//! (land and sea, countries, control, terrain, contact line) are built on
//! these by the map issue.

pub mod grid;
pub mod places;
pub mod projection;

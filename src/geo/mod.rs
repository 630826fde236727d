//! Geography: the EPSG:3035 projection, the grid and rasters every layer
//! shares, the shipped vector base layers, the gazetteer, synthetic terrain,
//! raster files (GeoTIFF, ASCII grid) and the [`map::Map`] that puts every
//! layer on one grid.

pub mod basemap;
pub mod export;
pub mod grid;
pub mod map;
pub mod places;
pub mod projection;
pub mod raster_io;
pub mod rasterize;
pub mod terrain;
pub mod vector;
pub mod zones;

//! Raster files other tools open: GeoTIFF (tiff crate plus the GeoTIFF keys
//! GDAL and QGIS read) and ESRI ASCII grid with a `.prj`, written from map
//! layers and read back, and read from user DEMs.
//!
//! Written rasters are in EPSG:3035 on the map grid. Read rasters may be in
//! EPSG:3035 or geographic lon/lat (EPSG:4326 or 4258); anything else is
//! refused with a hint to reproject.

use std::fs;
use std::io::{BufWriter, Cursor, Write};
use std::path::{Path, PathBuf};

use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::encoder::{Compression, DeflateLevel, TiffEncoder, colortype};
use tiff::tags::Tag;

use super::grid::{Grid, Raster};
use super::projection::EPSG_3035_WKT;

/// The coordinate reference system of a raster file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crs {
    /// ETRS89-LAEA Europe, metres.
    Laea,
    /// Longitude and latitude, degrees.
    Geographic,
}

/// A raster read from a file: georeferencing and values (NaN where no data).
#[derive(Debug, Clone, PartialEq)]
pub struct GeoRaster {
    /// Its coordinate system.
    pub crs: Crs,
    /// Western edge (x or longitude).
    pub west: f64,
    /// Northern edge (y or latitude).
    pub north: f64,
    /// Cell width.
    pub dx: f64,
    /// Cell height.
    pub dy: f64,
    /// Columns.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// Values row by row from the north-west corner; NaN is no data.
    pub data: Vec<f32>,
}

impl GeoRaster {
    /// The bilinearly interpolated value at (x, y) in the raster's own
    /// coordinates, or `None` outside it or next to no-data cells.
    pub fn sample(&self, x: f64, y: f64) -> Option<f32> {
        let fx = (x - self.west) / self.dx - 0.5;
        let fy = (self.north - y) / self.dy - 0.5;
        if !(fx >= -0.5 && fy >= -0.5 && fx <= self.width as f64 - 0.5 && fy <= self.height as f64 - 0.5) {
            return None;
        }
        let fx = fx.clamp(0.0, (self.width - 1) as f64);
        let fy = fy.clamp(0.0, (self.height - 1) as f64);
        let (c0, r0) = (fx.floor() as usize, fy.floor() as usize);
        let (c1, r1) = ((c0 + 1).min(self.width - 1), (r0 + 1).min(self.height - 1));
        let (tx, ty) = ((fx - c0 as f64) as f32, (fy - r0 as f64) as f32);
        let v = |c: usize, r: usize| self.data[r * self.width + c];
        let top = v(c0, r0) * (1.0 - tx) + v(c1, r0) * tx;
        let bottom = v(c0, r1) * (1.0 - tx) + v(c1, r1) * tx;
        let value = top * (1.0 - ty) + bottom * ty;
        value.is_finite().then_some(value)
    }

    /// The grid of this raster if it is in EPSG:3035 with square cells.
    pub fn grid(&self) -> Option<Grid> {
        (self.crs == Crs::Laea && (self.dx - self.dy).abs() < 1e-6).then_some(Grid {
            west: self.west,
            north: self.north,
            cell_m: self.dx,
            width: self.width,
            height: self.height,
        })
    }
}

/// Why a raster file could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct RasterError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
}

fn err(path: &Path, message: impl Into<String>) -> RasterError {
    RasterError { path: path.to_path_buf(), message: message.into() }
}

/// Reads a GeoTIFF (`.tif`, `.tiff`) or ESRI ASCII grid (`.asc`, `.txt`).
pub fn read(path: &Path) -> Result<GeoRaster, RasterError> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let r = match ext.as_str() {
        "tif" | "tiff" => read_geotiff(path)?,
        "asc" | "txt" => read_ascii_grid(path)?,
        _ => return Err(err(path, "unknown raster format: use a GeoTIFF (.tif) or an ESRI ASCII grid (.asc)")),
    };
    if r.data.iter().all(|v| !v.is_finite()) {
        return Err(err(path, "every cell is no-data"));
    }
    Ok(r)
}

// ---- ESRI ASCII grid ----------------------------------------------------------

/// Reads an ESRI ASCII grid. The CRS comes from a `.prj` beside it; without
/// one, coordinates within ±180/±90 with cells under a degree are taken as
/// lon/lat, anything else as EPSG:3035.
pub fn read_ascii_grid(path: &Path) -> Result<GeoRaster, RasterError> {
    let bytes = fs::read(path).map_err(|e| err(path, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| err(path, "not a text file (an ASCII grid is plain text)"))?;
    let mut header: Vec<(String, f64)> = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((_, line)) = lines.peek() {
        let mut parts = line.split_whitespace();
        let (Some(key), Some(value), None) = (parts.next(), parts.next(), parts.next()) else { break };
        if key.parse::<f64>().is_ok() {
            break;
        }
        let (n, _) = lines.next().expect("peeked");
        let v: f64 = value.parse().map_err(|_| err(path, format!("line {}: `{value}` is not a number", n + 1)))?;
        header.push((key.to_ascii_lowercase(), v));
    }
    let get = |k: &str| header.iter().find(|(key, _)| key == k).map(|(_, v)| *v);
    let need = |k: &str| get(k).ok_or_else(|| err(path, format!("the header has no `{k}`")));
    let ncols = need("ncols")?;
    let nrows = need("nrows")?;
    if ncols < 1.0 || nrows < 1.0 || ncols.fract() != 0.0 || nrows.fract() != 0.0 || ncols * nrows > 4e8 {
        return Err(err(
            path,
            format!("ncols = {ncols}, nrows = {nrows}: expected whole numbers from 1, at most 4e8 cells"),
        ));
    }
    let cell = get("cellsize").or(get("dx")).ok_or_else(|| err(path, "the header has no `cellsize`"))?;
    if !(cell.is_finite() && cell > 0.0) {
        return Err(err(path, format!("cellsize = {cell} must be a positive number")));
    }
    let (width, height) = (ncols as usize, nrows as usize);
    let west = match (get("xllcorner"), get("xllcenter")) {
        (Some(x), _) => x,
        (None, Some(x)) => x - cell / 2.0,
        _ => return Err(err(path, "the header has no `xllcorner` or `xllcenter`")),
    };
    let south = match (get("yllcorner"), get("yllcenter")) {
        (Some(y), _) => y,
        (None, Some(y)) => y - cell / 2.0,
        _ => return Err(err(path, "the header has no `yllcorner` or `yllcenter`")),
    };
    let nodata = get("nodata_value");
    let mut data = Vec::with_capacity(width * height);
    for (n, line) in lines {
        for token in line.split_whitespace() {
            let v: f64 = token.parse().map_err(|_| err(path, format!("line {}: `{token}` is not a number", n + 1)))?;
            data.push(if Some(v) == nodata || !v.is_finite() { f32::NAN } else { v as f32 });
        }
    }
    if data.len() != width * height {
        return Err(err(
            path,
            format!("the header promises {ncols} x {nrows} = {} values, the file holds {}", width * height, data.len()),
        ));
    }
    let north = south + cell * height as f64;
    let crs = match fs::read_to_string(path.with_extension("prj")) {
        Ok(prj) => crs_from_wkt(&prj).map_err(|m| err(&path.with_extension("prj"), m))?,
        Err(_) if west.abs() <= 180.0 && south.abs() <= 90.0 && north.abs() <= 90.0 && cell < 1.0 => Crs::Geographic,
        Err(_) => Crs::Laea,
    };
    Ok(GeoRaster { crs, west, north, dx: cell, dy: cell, width, height, data })
}

fn crs_from_wkt(wkt: &str) -> Result<Crs, String> {
    let w = wkt.to_ascii_lowercase();
    if w.contains("lambert_azimuthal_equal_area") || w.contains("laea") || w.contains("\"3035\"") {
        Ok(Crs::Laea)
    } else if w.contains("projcs") || w.contains("projcrs") {
        Err("the projection is neither EPSG:3035 nor lon/lat; reproject, e.g. `gdalwarp -t_srs EPSG:3035 in.tif out.tif`".into())
    } else if w.contains("geogcs") || w.contains("geogcrs") {
        Ok(Crs::Geographic)
    } else {
        Err("not a WKT projection definition".into())
    }
}

/// Writes an ESRI ASCII grid and its `.prj` (EPSG:3035). NaN is written as -9999.
pub fn write_ascii_grid(path: &Path, r: &Raster<f32>) -> Result<(), RasterError> {
    let g = r.grid;
    let mut out = String::with_capacity(r.data.len() * 6 + 200);
    out.push_str(&format!(
        "ncols {}\nnrows {}\nxllcorner {}\nyllcorner {}\ncellsize {}\nNODATA_value -9999\n",
        g.width,
        g.height,
        g.west,
        g.south(),
        g.cell_m
    ));
    for row in r.data.chunks(g.width) {
        let line: Vec<String> =
            row.iter().map(|v| if v.is_finite() { format!("{v}") } else { "-9999".into() }).collect();
        out.push_str(&line.join(" "));
        out.push('\n');
    }
    crate::output::write_file(path, out.as_bytes()).map_err(|e| err(path, e.to_string()))?;
    let prj = path.with_extension("prj");
    crate::output::write_file(&prj, EPSG_3035_WKT.as_bytes()).map_err(|e| err(&prj, e.to_string()))
}

// ---- GeoTIFF ------------------------------------------------------------------

/// GeoKey ids (GeoTIFF 1.0 §6.2).
const GT_MODEL_TYPE: u16 = 1024;
const GT_RASTER_TYPE: u16 = 1025;
const GEOGRAPHIC_TYPE: u16 = 2048;
const PROJECTED_CS_TYPE: u16 = 3072;
const PROJ_LINEAR_UNITS: u16 = 3076;

fn geo_keys() -> Vec<u16> {
    // Header: version 1, revision 1.0, 4 keys; then (id, location 0 = inline, count 1, value).
    vec![
        1,
        1,
        0,
        4,
        GT_MODEL_TYPE,
        0,
        1,
        1, // projected
        GT_RASTER_TYPE,
        0,
        1,
        1, // pixel is area
        PROJECTED_CS_TYPE,
        0,
        1,
        3035,
        PROJ_LINEAR_UNITS,
        0,
        1,
        9001, // metre
    ]
}

/// Pixel values a GeoTIFF can hold.
pub trait TiffPixel: Copy {
    /// Writes `data` as one image with the georeferencing of `grid`.
    fn write(path: &Path, grid: Grid, data: &[Self], nodata: Option<&str>) -> Result<(), RasterError>;
}

macro_rules! tiff_pixel {
    ($ty:ty, $color:ty) => {
        impl TiffPixel for $ty {
            fn write(path: &Path, grid: Grid, data: &[Self], nodata: Option<&str>) -> Result<(), RasterError> {
                let mut bytes = Vec::new();
                {
                    let e = |x: tiff::TiffError| err(path, format!("cannot encode GeoTIFF: {x}"));
                    let mut enc = TiffEncoder::new(Cursor::new(&mut bytes))
                        .map_err(e)?
                        .with_compression(Compression::Deflate(DeflateLevel::Balanced));
                    let mut img = enc.new_image::<$color>(grid.width as u32, grid.height as u32).map_err(e)?;
                    let d = img.encoder();
                    d.write_tag(Tag::ModelPixelScaleTag, &[grid.cell_m, grid.cell_m, 0.0][..]).map_err(e)?;
                    d.write_tag(Tag::ModelTiepointTag, &[0.0, 0.0, 0.0, grid.west, grid.north, 0.0][..]).map_err(e)?;
                    d.write_tag(Tag::GeoKeyDirectoryTag, &geo_keys()[..]).map_err(e)?;
                    if let Some(n) = nodata {
                        d.write_tag(Tag::GdalNodata, n).map_err(e)?;
                    }
                    img.write_data(data).map_err(e)?;
                }
                let file = fs::File::create(path.with_extension("tif.tmp")).map_err(|x| err(path, x.to_string()))?;
                let mut w = BufWriter::new(file);
                w.write_all(&bytes).map_err(|x| err(path, x.to_string()))?;
                w.into_inner()
                    .map_err(|x| err(path, x.to_string()))?
                    .sync_all()
                    .map_err(|x| err(path, x.to_string()))?;
                fs::rename(path.with_extension("tif.tmp"), path).map_err(|x| err(path, x.to_string()))
            }
        }
    };
}

tiff_pixel!(f32, colortype::Gray32Float);
tiff_pixel!(u8, colortype::Gray8);

/// Writes a map layer as a GeoTIFF in EPSG:3035 (deflate-compressed).
/// `nodata` is the GDAL no-data value as text, if any.
pub fn write_geotiff<T: TiffPixel>(path: &Path, r: &Raster<T>, nodata: Option<&str>) -> Result<(), RasterError> {
    T::write(path, r.grid, &r.data, nodata)
}

/// Reads a single-band GeoTIFF in EPSG:3035 or lon/lat.
pub fn read_geotiff(path: &Path) -> Result<GeoRaster, RasterError> {
    let file = fs::File::open(path).map_err(|e| err(path, format!("cannot read: {e}")))?;
    let bad = |e: tiff::TiffError| err(path, format!("not a readable TIFF: {e}"));
    let mut dec = Decoder::new(std::io::BufReader::new(file)).map_err(bad)?.with_limits(Limits::default());
    let (w, h) = dec.dimensions().map_err(bad)?;
    let (width, height) = (w as usize, h as usize);
    let scale = dec
        .get_tag_f64_vec(Tag::ModelPixelScaleTag)
        .map_err(|_| err(path, "no GeoTIFF georeferencing (ModelPixelScale tag); export it with its projection"))?;
    let tie = dec
        .get_tag_f64_vec(Tag::ModelTiepointTag)
        .map_err(|_| err(path, "no GeoTIFF georeferencing (ModelTiepoint tag)"))?;
    if scale.len() < 2 || tie.len() < 6 || !(scale[0] > 0.0 && scale[1] > 0.0) {
        return Err(err(path, "malformed GeoTIFF georeferencing"));
    }
    let keys = dec.get_tag_u16_vec(Tag::GeoKeyDirectoryTag).unwrap_or_default();
    let key = |id: u16| keys.get(4..).unwrap_or(&[]).chunks_exact(4).find(|k| k[0] == id && k[1] == 0).map(|k| k[3]);
    let crs = match (key(PROJECTED_CS_TYPE), key(GT_MODEL_TYPE), key(GEOGRAPHIC_TYPE)) {
        (Some(3035), _, _) => Crs::Laea,
        (Some(code), _, _) => {
            return Err(err(
                path,
                format!(
                    "the raster is in EPSG:{code}; reproject it to EPSG:3035 or lon/lat, e.g. `gdalwarp -t_srs EPSG:3035 in.tif out.tif`"
                ),
            ));
        }
        (None, Some(2), None | Some(4326) | Some(4258)) => Crs::Geographic,
        (None, Some(2), Some(code)) => return Err(err(path, format!("unsupported geographic CRS EPSG:{code}"))),
        _ => return Err(err(path, "the GeoTIFF does not say its coordinate system (no EPSG code)")),
    };
    let pixel_is_point = key(GT_RASTER_TYPE) == Some(2);
    let nodata: Option<f64> =
        dec.get_tag_ascii_string(Tag::GdalNodata).ok().and_then(|s| s.trim_end_matches('\0').trim().parse().ok());
    let image = dec.read_image().map_err(bad)?;
    let data: Vec<f32> = match image {
        DecodingResult::U8(v) => v.into_iter().map(f32::from).collect(),
        DecodingResult::U16(v) => v.into_iter().map(f32::from).collect(),
        DecodingResult::I8(v) => v.into_iter().map(f32::from).collect(),
        DecodingResult::I16(v) => v.into_iter().map(f32::from).collect(),
        DecodingResult::U32(v) => v.into_iter().map(|x| x as f32).collect(),
        DecodingResult::I32(v) => v.into_iter().map(|x| x as f32).collect(),
        DecodingResult::F32(v) => v,
        DecodingResult::F64(v) => v.into_iter().map(|x| x as f32).collect(),
        _ => return Err(err(path, "unsupported sample type")),
    };
    if data.len() != width * height {
        return Err(err(path, format!("expected one band of {width} x {height} values, found {} values", data.len())));
    }
    let data = data
        .into_iter()
        .map(|v| if !v.is_finite() || nodata.is_some_and(|n| f64::from(v) == n) { f32::NAN } else { v })
        .collect();
    let (dx, dy) = (scale[0], scale[1]);
    let mut west = tie[3] - tie[0] * dx;
    let mut north = tie[4] + tie[1] * dy;
    if pixel_is_point {
        west -= dx / 2.0;
        north += dy / 2.0;
    }
    Ok(GeoRaster { crs, west, north, dx, dy, width, height, data })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Raster<f32> {
        let grid = Grid { west: 5_000_000.0, north: 3_000_000.0, cell_m: 5000.0, width: 7, height: 5 };
        let mut r = Raster::filled(grid, 0.0f32);
        for (i, v) in r.data.iter_mut().enumerate() {
            *v = i as f32 * 1.25 - 3.0;
        }
        r.data[3] = f32::NAN;
        r
    }

    fn same(a: &[f32], b: &[f32]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y || (x.is_nan() && y.is_nan()))
    }

    #[test]
    fn geotiff_reads_back_identical() {
        let dir = tempfile::tempdir().unwrap();
        let r = sample();
        let path = dir.path().join("layer.tif");
        write_geotiff(&path, &r, Some("nan")).unwrap();
        let back = read_geotiff(&path).unwrap();
        assert_eq!(back.grid(), Some(r.grid));
        assert!(same(&back.data, &r.data));
        let bytes = Raster { grid: r.grid, data: (0..35u8).collect() };
        write_geotiff(&path, &bytes, None).unwrap();
        let back = read_geotiff(&path).unwrap();
        assert_eq!(back.data, (0..35u8).map(f32::from).collect::<Vec<_>>());
    }

    #[test]
    fn ascii_grid_reads_back_identical() {
        let dir = tempfile::tempdir().unwrap();
        let r = sample();
        let path = dir.path().join("layer.asc");
        write_ascii_grid(&path, &r).unwrap();
        let back = read_ascii_grid(&path).unwrap();
        assert_eq!(back.crs, Crs::Laea);
        assert_eq!(back.grid(), Some(r.grid));
        assert!(same(&back.data, &r.data));
    }

    #[test]
    fn malformed_grids_are_refused_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.asc");
        let cases = [
            (
                "ncols 2\nnrows 2\nxllcorner 30\nyllcorner 50\ncellsize 0.1\n1 2 3\n",
                "promises 2 x 2 = 4 values, the file holds 3",
            ),
            ("ncols 2\nnrows 2\nxllcorner 30\nyllcorner 50\ncellsize 0.1\n1 2 x 4\n", "line 6: `x` is not a number"),
            ("ncols 2\nnrows 2\nxllcorner 30\ncellsize 0.1\n1 2 3 4\n", "no `yllcorner`"),
            (
                "ncols 2\nnrows 2\nxllcorner 30\nyllcorner 50\ncellsize -1\n1 2 3 4\n",
                "cellsize = -1 must be a positive number",
            ),
            (
                "ncols 2\nnrows 1\nxllcorner 30\nyllcorner 50\ncellsize 0.1\nNODATA_value -9999\n-9999 -9999\n",
                "every cell is no-data",
            ),
        ];
        for (text, want) in cases {
            fs::write(&path, text).unwrap();
            let e = read(&path).unwrap_err().to_string();
            assert!(e.contains(want), "{e} lacks {want}");
            assert!(e.contains("bad.asc"), "{e}");
        }
        let tif = dir.path().join("bad.tif");
        fs::write(&tif, b"not a tiff").unwrap();
        assert!(read(&tif).unwrap_err().to_string().contains("not a readable TIFF"));
    }

    #[test]
    fn geographic_grids_are_sampled_bilinearly() {
        let g = GeoRaster {
            crs: Crs::Geographic,
            west: 30.0,
            north: 51.0,
            dx: 1.0,
            dy: 1.0,
            width: 2,
            height: 1,
            data: vec![100.0, 200.0],
        };
        assert_eq!(g.sample(31.0, 50.5), Some(150.0));
        assert_eq!(g.sample(30.5, 50.5), Some(100.0));
        assert_eq!(g.sample(29.0, 50.5), None);
    }
}

//! The image work behind an avatar: sniff, decode within limits, crop, resize, re-encode.
//! Synchronous and CPU-bound: callers run it on a blocking thread (`service::process`).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::imageops::FilterType as ResizeFilter;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

/// Side of the avatar shown on profiles (the `avatar` URL).
pub const LARGE: u32 = 256;
/// Side of the avatar shown next to posts, comments and in lists (the `avatar_small` URL).
pub const SMALL: u32 = 64;
/// Widest and tallest image decoded.
pub const MAX_DIMENSION: u32 = 8192;
/// Memory a decoded image may take. Past it the decoder refuses before allocating, which is
/// what stops a decompression bomb (a small file that claims huge dimensions). 64 MiB holds a
/// 16-megapixel photo; files that fit under the upload limit rarely decode to more.
pub const MAX_DECODED_BYTES: u64 = 64 * 1024 * 1024;
/// JPEG quality of opaque avatars: no visible artefacts at these sizes, a third of q100's size.
const JPEG_QUALITY: u8 = 85;

/// Why an upload is not accepted as an avatar: the client's fault, reported as 422.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("is not a PNG, JPEG or WebP image")]
    NotAnImage,
    #[error("is a {0} image; only PNG, JPEG and WebP are accepted")]
    UnsupportedFormat(String),
    #[error(
        "is too large to decode: at most {MAX_DIMENSION}×{MAX_DIMENSION} pixels and {} MiB of \
         pixel data are accepted",
        MAX_DECODED_BYTES / (1024 * 1024)
    )]
    TooManyPixels,
    #[error("could not be decoded as {format}: {reason}")]
    Undecodable {
        format: &'static str,
        reason: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("the avatar {0}")]
    Rejected(#[from] Rejection),
    /// Encoding our own pixels failed: the server's fault.
    #[error("encoding the avatar failed: {0}")]
    Encoding(ImageError),
}

/// The two encoded sizes of one avatar.
#[derive(Debug, Clone)]
pub struct EncodedAvatar {
    /// Hex SHA-256 (first 128 bits) of the large file: the name both files share.
    pub hash: String,
    /// `jpg` or `png`.
    pub extension: &'static str,
    pub large: Vec<u8>,
    pub small: Vec<u8>,
}

/// Turns uploaded bytes into the two avatar files. What the bytes are is decided from their
/// first bytes alone (magic numbers), never from a file name or a declared content type.
///
/// Metadata never survives: the output is encoded afresh from pixels, so EXIF (GPS position,
/// camera serial), ICC profiles and comments of the original are gone by construction. The EXIF
/// orientation is applied to the pixels first, so phone photos stand upright.
pub fn process(bytes: &[u8]) -> Result<EncodedAvatar, PipelineError> {
    let format = image::guess_format(bytes).map_err(|_| Rejection::NotAnImage)?;
    let format_name = match format {
        ImageFormat::Png => "PNG",
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::WebP => "WebP",
        other => return Err(Rejection::UnsupportedFormat(format!("{other:?}")).into()),
    };
    let decoded = decode(bytes, format).map_err(|error| rejection(error, format_name))?;
    let square = center_square(decoded);
    // Lanczos3 keeps edges sharp when shrinking a lot; the small size is made from the large
    // one, which looks the same and costs far less than a second pass over the original.
    let large = square.resize_exact(LARGE, LARGE, ResizeFilter::Lanczos3);
    drop(square);
    let small = large.resize_exact(SMALL, SMALL, ResizeFilter::Lanczos3);
    // JPEG for opaque images (photos: a fraction of PNG's size at q85); PNG when any pixel is
    // transparent, since JPEG has no alpha and would paint it black.
    let (extension, large, small) = if is_opaque(&large) {
        ("jpg", encode_jpeg(&large)?, encode_jpeg(&small)?)
    } else {
        ("png", encode_png(&large)?, encode_png(&small)?)
    };
    let digest = Sha256::digest(&large);
    let hash = digest[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    Ok(EncodedAvatar {
        hash,
        extension,
        large,
        small,
    })
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    limits
}

fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, ImageError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    // `into_decoder` checks the dimensions from the header; the pixel buffer's size is checked
    // here, before anything is allocated for it (as `ImageReader::decode` would).
    let mut decoder = reader.into_decoder()?;
    limits().reserve(decoder.total_bytes())?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn rejection(error: ImageError, format: &'static str) -> PipelineError {
    match error {
        ImageError::Limits(_) => Rejection::TooManyPixels.into(),
        other => Rejection::Undecodable {
            format,
            reason: other.to_string(),
        }
        .into(),
    }
}

/// The largest centered square (the original is dropped as soon as the square is copied out).
fn center_square(image: DynamicImage) -> DynamicImage {
    let (width, height) = (image.width(), image.height());
    let side = width.min(height);
    if width == height {
        return image;
    }
    image.crop_imm((width - side) / 2, (height - side) / 2, side, side)
}

fn is_opaque(image: &DynamicImage) -> bool {
    !image.color().has_alpha() || image.to_rgba8().pixels().all(|pixel| pixel[3] == u8::MAX)
}

fn encode_jpeg(image: &DynamicImage) -> Result<Vec<u8>, PipelineError> {
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
        .encode_image(&image.to_rgb8())
        .map_err(PipelineError::Encoding)?;
    Ok(bytes)
}

fn encode_png(image: &DynamicImage) -> Result<Vec<u8>, PipelineError> {
    let mut bytes = Vec::new();
    image
        .to_rgba8()
        .write_with_encoder(PngEncoder::new_with_quality(
            &mut bytes,
            CompressionType::Best,
            FilterType::Adaptive,
        ))
        .map_err(PipelineError::Encoding)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn encoded(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut bytes = Cursor::new(Vec::new());
        image.write_to(&mut bytes, format).expect("encode");
        bytes.into_inner()
    }

    #[test]
    fn opaque_images_become_square_jpegs_of_both_sizes() {
        let wide = RgbImage::from_fn(300, 100, |x, _| Rgb([(x % 256) as u8, 0, 0]));
        let avatar = process(&encoded(wide.into(), ImageFormat::Png)).expect("processed");
        assert_eq!(avatar.extension, "jpg");
        assert_eq!(avatar.hash.len(), 32);
        let large = image::load_from_memory(&avatar.large).expect("large decodes");
        let small = image::load_from_memory(&avatar.small).expect("small decodes");
        assert_eq!((large.width(), large.height()), (LARGE, LARGE));
        assert_eq!((small.width(), small.height()), (SMALL, SMALL));
        // No EXIF or other metadata segment: SOI, then JFIF's APP0 only.
        assert_eq!(&avatar.large[..4], &[0xFF, 0xD8, 0xFF, 0xE0]);
        assert!(!avatar.large.windows(4).any(|window| window == b"Exif"));
    }

    #[test]
    fn transparency_keeps_png() {
        let mut image = RgbaImage::from_pixel(80, 80, Rgba([10, 20, 30, 255]));
        image.put_pixel(40, 40, Rgba([0, 0, 0, 0]));
        let avatar = process(&encoded(image.into(), ImageFormat::Png)).expect("processed");
        assert_eq!(avatar.extension, "png");
        assert_eq!(
            image::guess_format(&avatar.small).ok(),
            Some(ImageFormat::Png)
        );
    }

    #[test]
    fn the_same_picture_gets_the_same_name() {
        let image = RgbImage::from_pixel(64, 64, Rgb([1, 2, 3]));
        let first = process(&encoded(image.clone().into(), ImageFormat::Png)).expect("first");
        let second = process(&encoded(image.into(), ImageFormat::Png)).expect("second");
        assert_eq!(first.hash, second.hash);
    }

    #[test]
    fn other_bytes_are_rejected_with_a_reason() {
        let reject = |bytes: &[u8]| match process(bytes) {
            Err(PipelineError::Rejected(rejection)) => rejection,
            other => panic!("expected a rejection, got {other:?}"),
        };
        assert_eq!(reject(b"hello, I am text"), Rejection::NotAnImage);
        assert_eq!(reject(b""), Rejection::NotAnImage);
        assert!(matches!(
            reject(b"GIF89a\x01\x00\x01\x00"),
            Rejection::UnsupportedFormat(_)
        ));
        let mut truncated = encoded(
            RgbImage::from_pixel(50, 50, Rgb([9, 9, 9])).into(),
            ImageFormat::Png,
        );
        truncated.truncate(60);
        assert!(matches!(reject(&truncated), Rejection::Undecodable { .. }));
        let too_wide = encoded(
            image::GrayImage::new(MAX_DIMENSION + 1, 1).into(),
            ImageFormat::Png,
        );
        assert_eq!(reject(&too_wide), Rejection::TooManyPixels);
    }
}

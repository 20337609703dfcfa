//! A minimal DER element scanner for hot paths (names are most of a certificate's
//! elements). It accepts only what the full `sg17_asn1::Reader` under DER accepts and
//! returns `None` for anything else; callers then rerun the full reader, which reports the
//! exact error. Already-validated data is re-read with it for iteration.

use sg17_asn1::Tag;

/// One element: its tag, form, contents and whole encoding.
#[derive(Clone, Copy, Debug)]
pub(crate) struct El<'a> {
    pub(crate) tag: Tag,
    pub(crate) constructed: bool,
    pub(crate) contents: &'a [u8],
    pub(crate) raw: &'a [u8],
}

/// Reads the element at `*pos` in `data`, advancing `pos`; `None` at the end or on
/// anything that is not plain DER (X.690 8.1.2, 8.1.3, 10.1).
// Always inlined: callers test one or two fields of the result, and the call and the
// returned struct cost more than the scan itself.
#[inline(always)]
pub(crate) fn next<'a>(data: &'a [u8], pos: &mut usize) -> Option<El<'a>> {
    let start = *pos;
    let mut p = start;
    let id = *data.get(p)?;
    p += 1;
    let number = if id & 0x1f == 0x1f {
        // High-tag-number form: no leading 0x80 octet, number 31 or more, fits in u32.
        let mut n: u32 = 0;
        let first = *data.get(p)?;
        if first == 0x80 {
            return None;
        }
        loop {
            let b = *data.get(p)?;
            p += 1;
            n = n.checked_mul(128)? | u32::from(b & 0x7f);
            if b & 0x80 == 0 {
                break;
            }
        }
        if n < 31 {
            return None;
        }
        n
    } else {
        u32::from(id & 0x1f)
    };
    if id & 0xdf == 0 {
        return None; // universal tag 0 (end-of-contents, reserved) is never an element
    }
    let l = *data.get(p)?;
    p += 1;
    let len = if l < 0x80 {
        usize::from(l)
    } else {
        let n = usize::from(l & 0x7f);
        if n == 0 || n > 4 {
            return None; // indefinite (not DER) or implausibly long
        }
        let bytes = data.get(p..p + n)?;
        if bytes[0] == 0 {
            return None;
        }
        let v = bytes.iter().fold(0usize, |a, &b| (a << 8) | usize::from(b));
        if v < 0x80 {
            return None;
        }
        p += n;
        v
    };
    let end = p.checked_add(len)?;
    let contents = data.get(p..end)?;
    *pos = end;
    let tag = match id >> 6 {
        0 => Tag::universal(number),
        1 => Tag::application(number),
        2 => Tag::context(number),
        _ => Tag::private(number),
    };
    Some(El { tag, constructed: id & 0x20 != 0, contents, raw: &data[start..end] })
}

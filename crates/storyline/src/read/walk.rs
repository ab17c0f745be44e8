//! The folder walk: every entry under a folder argument, in path order, as a
//! file to read or a skip with its reason.
//!
//! Walked the way careful tools walk (ripgrep, `find`): symbolic links are
//! not followed unless asked, and when they are, a link back to a folder
//! above it is reported once instead of walked forever; FIFOs, sockets and
//! devices are never opened (a FIFO blocks its reader until someone writes);
//! an entry that cannot be read is named with the reason. Hidden entries
//! (names starting with `.`) are passed over.

use std::path::{Component, Path};
use walkdir::WalkDir;

/// One entry found under a folder.
pub(super) enum Entry {
    /// A file to read, with its id.
    File {
        /// Where it is.
        path: std::path::PathBuf,
        /// Its id: the path relative to the folder.
        id: String,
    },
    /// An entry that is not read, and why.
    Skipped {
        /// Its id: the path relative to the folder.
        id: String,
        /// Why it is not read.
        reason: String,
    },
}

/// Hands every entry under `root` to `visit`, in path order.
pub(super) fn walk(root: &Path, follow_links: bool, visit: &mut dyn FnMut(Entry)) {
    let walker = WalkDir::new(root)
        .follow_links(follow_links)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let id = err
                    .path()
                    .map_or_else(|| ".".to_string(), |path| relative_id(root, path));
                let reason = match (err.loop_ancestor(), err.io_error()) {
                    (Some(ancestor), _) => format!(
                        "symbolic link loop back to {}: not followed again",
                        relative_id(root, ancestor)
                    ),
                    (None, Some(io)) => super::describe_io(io),
                    (None, None) => err.to_string(),
                };
                visit(Entry::Skipped { id, reason });
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        let id = relative_id(root, entry.path());
        if kind.is_file() {
            visit(Entry::File {
                path: entry.into_path(),
                id,
            });
        } else {
            let reason = not_a_file(&kind);
            visit(Entry::Skipped { id, reason });
        }
    }
}

/// Why an entry that is neither a file nor a folder is not read.
fn not_a_file(kind: &std::fs::FileType) -> String {
    if kind.is_symlink() {
        return "symbolic link, not followed (--follow reads what links point to)".to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let what = if kind.is_fifo() {
            "a FIFO"
        } else if kind.is_socket() {
            "a socket"
        } else if kind.is_block_device() || kind.is_char_device() {
            "a device"
        } else {
            "a special file"
        };
        format!("not a regular file: {what}")
    }
    #[cfg(not(unix))]
    {
        "not a regular file".to_string()
    }
}

/// The id of `path` under `root`: its components joined by `/`, whatever
/// the platform, with bytes that are not UTF-8 written `%XX`, so that no two
/// names share an id (a name holding `\` keeps it; `a\b.txt` is not `a/b.txt`).
fn relative_id(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .filter_map(|component| match component {
            Component::Normal(name) => Some(escape_name(name)),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(unix)]
fn escape_name(name: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in name.as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(not(unix))]
fn escape_name(name: &std::ffi::OsStr) -> String {
    name.to_string_lossy().into_owned()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    fn entries(root: &Path, follow: bool) -> Vec<String> {
        let mut found = Vec::new();
        walk(root, follow, &mut |entry| {
            found.push(match entry {
                Entry::File { id, .. } => format!("file {id}"),
                Entry::Skipped { id, reason } => format!("skip {id}: {reason}"),
            })
        });
        found
    }

    #[test]
    fn links_are_not_followed_unless_asked_and_loops_are_caught() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "text").unwrap();
        std::os::unix::fs::symlink(".", dir.path().join("loop")).unwrap();
        std::os::unix::fs::symlink("a.txt", dir.path().join("b.txt")).unwrap();
        let plain = entries(dir.path(), false);
        assert_eq!(plain.len(), 3, "{plain:?}");
        assert_eq!(plain[0], "file a.txt");
        assert!(plain[1].starts_with("skip b.txt: symbolic link"));
        assert!(plain[2].starts_with("skip loop: symbolic link"));
        let followed = entries(dir.path(), true);
        assert_eq!(followed[..2], ["file a.txt".to_string(), "file b.txt".to_string()]);
        assert!(followed[2].starts_with("skip loop: symbolic link loop"), "{followed:?}");
        assert_eq!(followed.len(), 3);
    }

    #[test]
    fn fifos_are_skipped_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return;
        }
        assert_eq!(
            entries(dir.path(), false),
            ["skip pipe.txt: not a regular file: a FIFO"]
        );
    }

    #[test]
    fn ids_keep_backslashes_and_escape_bytes_that_are_not_utf8() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/b.txt"), "one").unwrap();
        std::fs::write(dir.path().join("a\\b.txt"), "two").unwrap();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        std::fs::write(dir.path().join(name), "three").unwrap();
        let ids = entries(dir.path(), false);
        assert_eq!(ids, ["file a/b.txt", "file a\\b.txt", "file caf%E9.txt"]);
    }
}

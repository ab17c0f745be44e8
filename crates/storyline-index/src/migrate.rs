//! Bringing an index written with an earlier signature format up to this
//! build's: every stored text is fingerprinted again (exact hash, shingle
//! count, signature, bucket rows), in one transaction. Groups, stories and
//! everything else stay as they are: a format changes how words and
//! shingles are hashed, not which texts are copies.

use crate::store::store_signature;
use rayon::prelude::*;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use storyline::fingerprint::SIGNATURE_FORMAT_VERSION;
use storyline::Pipeline;

/// Documents fingerprinted together between reads of the table.
const CHUNK: i64 = 4096;

/// The signature format the index was written with (1 when the index
/// predates the record, which no index does).
pub fn stored_format(conn: &Connection) -> rusqlite::Result<u16> {
    let value: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'signature_format'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(value.and_then(|v| v.parse().ok()).unwrap_or(1))
}

/// Fingerprints every stored document again when the index holds another
/// signature format; returns the format it held, or `None` when it was
/// current.
pub fn signatures(conn: &mut Connection, pipeline: &Pipeline) -> rusqlite::Result<Option<u16>> {
    if stored_format(conn)? == SIGNATURE_FORMAT_VERSION {
        return Ok(None);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another writer may have migrated while this one waited for the lock.
    let found = stored_format(&tx)?;
    if found == SIGNATURE_FORMAT_VERSION {
        return Ok(None);
    }
    tx.execute("DELETE FROM buckets", [])?;
    let mut after = 0i64;
    loop {
        let rows: Vec<(i64, String)> = tx
            .prepare_cached("SELECT id, text FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2")?
            .query_map(params![after, CHUNK], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let Some(&(last, _)) = rows.last() else { break };
        let prints: Vec<_> = rows
            .par_iter()
            .map(|(_, text)| pipeline.fingerprinter().fingerprint(text))
            .collect();
        for ((id, _), print) in rows.iter().zip(&prints) {
            tx.prepare_cached("UPDATE documents SET exact_hash = ?1, shingles = ?2 WHERE id = ?3")?
                .execute(params![print.exact as i64, print.shingles.len() as i64, id])?;
            store_signature(&tx, *id, print, pipeline.deduplicator())?;
        }
        after = last;
    }
    tx.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'signature_format'",
        params![SIGNATURE_FORMAT_VERSION.to_string()],
    )?;
    tx.commit()?;
    Ok(Some(found))
}

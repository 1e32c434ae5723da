//! The changes one command makes to record files, gathered before anything is written and
//! then applied as one change set (`store::apply`): all of them, or none.
//!
//! Each record's text is read once; several edits of one record compose in memory.

use std::path::PathBuf;

use anyhow::Result;

use super::{absolute, edit_refusal};
use crate::record::{Record, edit::EditError};
use crate::store::{self, Change};
use crate::workspace::Workspace;

/// One record's text as read and as edited so far.
struct Edited {
    path: PathBuf,
    shown: PathBuf,
    before: String,
    after: String,
}

pub struct Plan<'a> {
    ws: &'a Workspace,
    edited: Vec<Edited>,
    others: Vec<Change>,
}

impl<'a> Plan<'a> {
    pub fn new(ws: &'a Workspace) -> Plan<'a> {
        Plan {
            ws,
            edited: Vec::new(),
            others: Vec::new(),
        }
    }

    /// Apply `edit` to `record`'s text (as already edited by this plan), refusing with the
    /// record's path when the edit cannot be made.
    pub fn edit(
        &mut self,
        record: &Record,
        edit: impl FnOnce(&str) -> Result<String, EditError>,
    ) -> Result<()> {
        let i = self.slot(record)?;
        let next = edit(&self.edited[i].after).map_err(|e| edit_refusal(record, e))?;
        self.edited[i].after = next;
        Ok(())
    }

    /// The text `record` will have after this plan.
    pub fn text(&mut self, record: &Record) -> Result<&str> {
        let i = self.slot(record)?;
        Ok(&self.edited[i].after)
    }

    fn slot(&mut self, record: &Record) -> Result<usize> {
        let path = absolute(self.ws, record);
        if let Some(i) = self.edited.iter().position(|e| e.path == path) {
            return Ok(i);
        }
        super::refuse_unreadable(self.ws, record)?;
        let text = store::read_text(self.ws, &path)?;
        self.edited.push(Edited {
            path,
            shown: record.path.clone(),
            after: text.clone(),
            before: text,
        });
        Ok(self.edited.len() - 1)
    }

    /// A new file (create-new semantics when applied).
    pub fn create(&mut self, path: PathBuf, contents: String) {
        self.others.push(Change::Create { path, contents });
    }

    /// Write `record` under a new path and remove the old file (a rename).
    pub fn rename(&mut self, record: &Record, new_path: PathBuf) -> Result<()> {
        let i = self.slot(record)?;
        let moved = self.edited.remove(i);
        self.others.push(Change::Create {
            path: new_path,
            contents: moved.after,
        });
        self.others.push(Change::Remove { path: moved.path });
        Ok(())
    }

    /// Paths (as shown to the user) of the records whose text this plan changes.
    pub fn changed(&self) -> Vec<&std::path::Path> {
        self.edited
            .iter()
            .filter(|e| e.after != e.before)
            .map(|e| e.shown.as_path())
            .collect()
    }

    /// Write every change, all or nothing. `summary` names the change should a kill
    /// interrupt it (the next command completes it and says so).
    pub fn apply(self, summary: &str) -> Result<()> {
        let mut changes = self.others;
        changes.extend(
            self.edited
                .into_iter()
                .filter(|e| e.after != e.before)
                .map(|e| Change::Replace {
                    path: e.path,
                    contents: e.after,
                }),
        );
        store::apply(self.ws, summary, &changes)
    }
}

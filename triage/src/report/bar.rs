//! The capacity bar: how an event's device memory splits into parts ([`Segments`], a field of
//! the report), and the parts in the bar's order with the names legends and glossaries give
//! them ([`Part`]).
//!
//! Separate from the rest of the report: the parts' order and words serve whoever draws the
//! bar, and nothing else in the report refers to them.

use serde::{Deserialize, Serialize};

/// The capacity bar, in bytes; each segment null where the message does not allow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segments {
    pub allocated: Option<u64>,
    pub reserved_unallocated: Option<u64>,
    pub non_framework: Option<u64>,
    pub other_processes: Option<u64>,
    /// Memory in use whose owner the input does not say: an `nvidia-smi` row counts every
    /// process on the GPU, this one included (a field added to the spec's segments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used: Option<u64>,
    pub free: Option<u64>,
}

/// One part of the capacity bar, in the bar's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Allocated,
    ReservedUnallocated,
    NonFramework,
    OtherProcesses,
    Used,
    Free,
}

impl Part {
    /// Every part, in the bar's order (what is used first, free last).
    pub const ALL: [Part; 6] = [
        Part::Allocated,
        Part::ReservedUnallocated,
        Part::NonFramework,
        Part::OtherProcesses,
        Part::Used,
        Part::Free,
    ];

    /// The field's name in [`Segments`] (JSON), also the bar's CSS class suffix.
    pub fn key(self) -> &'static str {
        match self {
            Part::Allocated => "allocated",
            Part::ReservedUnallocated => "reserved_unallocated",
            Part::NonFramework => "non_framework",
            Part::OtherProcesses => "other_processes",
            Part::Used => "used",
            Part::Free => "free",
        }
    }

    /// The part in words, as a legend says it.
    pub fn label(self) -> &'static str {
        match self {
            Part::Allocated => "Allocated by the framework",
            Part::ReservedUnallocated => "Reserved but unallocated",
            Part::NonFramework => "Non-framework (CUDA context, libraries)",
            Part::OtherProcesses => "Other processes",
            Part::Used => "In use (by any process)",
            Part::Free => "Free",
        }
    }

    /// The part in one or two words, as a glossary heads it.
    pub fn name(self) -> &'static str {
        match self {
            Part::Allocated => "Allocated",
            Part::ReservedUnallocated => "Reserved but unallocated",
            Part::NonFramework => "Non-framework",
            Part::OtherProcesses => "Other processes",
            Part::Used => "In use",
            Part::Free => "Free",
        }
    }
}

impl Segments {
    /// The bytes of `part`, `None` where the message does not allow it to be known.
    pub fn get(&self, part: Part) -> Option<u64> {
        match part {
            Part::Allocated => self.allocated,
            Part::ReservedUnallocated => self.reserved_unallocated,
            Part::NonFramework => self.non_framework,
            Part::OtherProcesses => self.other_processes,
            Part::Used => self.used,
            Part::Free => self.free,
        }
    }

    /// Every part with its bytes, in the bar's order.
    pub fn parts(&self) -> [(Part, Option<u64>); 6] {
        Part::ALL.map(|part| (part, self.get(part)))
    }
}

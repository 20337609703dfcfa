//! Non-IID track: the ten estimators of SP 800-90B 6.3 on the samples and on their bitstring
//! form, combined into the initial entropy estimate of SP 800-90B 3.1.3 (or the conditioned
//! sequential dataset estimate `h'` of 3.1.5.2).

use crate::Error;
use crate::estimators::Inapplicable;
use crate::estimators::collision::{CollisionEstimate, collision};
use crate::estimators::compression::{CompressionEstimate, compression};
use crate::estimators::lag::lag;
use crate::estimators::lrs::LrsEstimate;
use crate::estimators::lz78y::lz78y;
use crate::estimators::markov::{MarkovEstimate, markov};
use crate::estimators::mcv::{McvEstimate, most_common_value};
use crate::estimators::multi_mcw::multi_mcw;
use crate::estimators::multi_mmc::multi_mmc;
use crate::estimators::prediction::PredictionEstimate;
use crate::estimators::t_tuple::{TTupleEstimate, tuple_estimates};
use crate::samples::{InputSummary, MIN_SAMPLES, Samples};
use serde::Serialize;
use std::fmt;
use std::sync::{Condvar, Mutex, PoisonError};

/// The ten estimators of SP 800-90B 6.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Estimator {
    /// Most Common Value (6.3.1).
    MostCommonValue,
    /// Collision (6.3.2, bitstrings only).
    Collision,
    /// Markov (6.3.3, bitstrings only).
    Markov,
    /// Compression (6.3.4, bitstrings only).
    Compression,
    /// t-Tuple (6.3.5).
    TTuple,
    /// Longest Repeated Substring (6.3.6).
    Lrs,
    /// MultiMCW prediction (6.3.7).
    MultiMcw,
    /// Lag prediction (6.3.8).
    Lag,
    /// MultiMMC prediction (6.3.9).
    MultiMmc,
    /// LZ78Y prediction (6.3.10).
    Lz78y,
}

impl Estimator {
    /// All estimators, in the order of SP 800-90B 6.3.
    pub const ALL: [Estimator; 10] = [
        Estimator::MostCommonValue,
        Estimator::Collision,
        Estimator::Markov,
        Estimator::Compression,
        Estimator::TTuple,
        Estimator::Lrs,
        Estimator::MultiMcw,
        Estimator::Lag,
        Estimator::MultiMmc,
        Estimator::Lz78y,
    ];

    /// The clause of SP 800-90B that specifies the estimator.
    ///
    /// ```
    /// assert_eq!(sg17_entropy::Estimator::Lz78y.clause(), "6.3.10");
    /// ```
    #[must_use]
    pub fn clause(self) -> &'static str {
        match self {
            Estimator::MostCommonValue => "6.3.1",
            Estimator::Collision => "6.3.2",
            Estimator::Markov => "6.3.3",
            Estimator::Compression => "6.3.4",
            Estimator::TTuple => "6.3.5",
            Estimator::Lrs => "6.3.6",
            Estimator::MultiMcw => "6.3.7",
            Estimator::Lag => "6.3.8",
            Estimator::MultiMmc => "6.3.9",
            Estimator::Lz78y => "6.3.10",
        }
    }

    /// Whether the estimator applies to binary data only (6.3.2 - 6.3.4).
    #[must_use]
    pub fn binary_only(self) -> bool {
        matches!(self, Estimator::Collision | Estimator::Markov | Estimator::Compression)
    }
}

impl fmt::Display for Estimator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Estimator::MostCommonValue => "Most Common Value",
            Estimator::Collision => "Collision",
            Estimator::Markov => "Markov",
            Estimator::Compression => "Compression",
            Estimator::TTuple => "t-Tuple",
            Estimator::Lrs => "LRS",
            Estimator::MultiMcw => "MultiMCW Prediction",
            Estimator::Lag => "Lag Prediction",
            Estimator::MultiMmc => "MultiMMC Prediction",
            Estimator::Lz78y => "LZ78Y Prediction",
        })
    }
}

/// Which form of the data an estimate was computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DataForm {
    /// The bitstring form (`H_bitstring`, per bit).
    Bitstring,
    /// The samples themselves (`H_original`, per sample).
    Original,
}

impl fmt::Display for DataForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DataForm::Bitstring => "bitstring",
            DataForm::Original => "original",
        })
    }
}

/// What is being assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Initial entropy estimate of the noise source, SP 800-90B 3.1.3
    /// (`min(H_original, bits x H_bitstring)`; NIST's `-i`).
    #[default]
    Initial,
    /// Conditioned sequential dataset, SP 800-90B 3.1.5.2 (`h' = H_bitstring`; NIST's `-c`).
    Conditioned,
}

/// The intermediate values of one estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Detail {
    /// 6.3.1.
    MostCommonValue(McvEstimate),
    /// 6.3.2.
    Collision(CollisionEstimate),
    /// 6.3.3.
    Markov(MarkovEstimate),
    /// 6.3.4.
    Compression(CompressionEstimate),
    /// 6.3.5.
    TTuple(TTupleEstimate),
    /// 6.3.6.
    Lrs(LrsEstimate),
    /// 6.3.7 - 6.3.10.
    Prediction(PredictionEstimate),
}

impl Detail {
    /// The min-entropy estimate (per bit for bitstrings, per sample otherwise).
    #[must_use]
    pub fn min_entropy(&self) -> f64 {
        match self {
            Detail::MostCommonValue(e) => e.min_entropy,
            Detail::Collision(e) => e.min_entropy,
            Detail::Markov(e) => e.min_entropy,
            Detail::Compression(e) => e.min_entropy,
            Detail::TTuple(e) => e.min_entropy,
            Detail::Lrs(e) => e.min_entropy,
            Detail::Prediction(e) => e.min_entropy,
        }
    }
}

/// One estimator run on one form of the data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimateOutcome {
    /// The estimator.
    pub estimator: Estimator,
    /// The data it ran on.
    pub data: DataForm,
    /// Its min-entropy estimate, if it produced one.
    pub min_entropy: Option<f64>,
    /// Intermediate values.
    pub detail: Option<Detail>,
    /// Why it produced no estimate.
    pub inapplicable: Option<Inapplicable>,
}

impl EstimateOutcome {
    fn new(estimator: Estimator, data: DataForm, r: Result<Detail, Inapplicable>) -> Self {
        match r {
            Ok(d) => EstimateOutcome {
                estimator,
                data,
                min_entropy: Some(d.min_entropy()),
                detail: Some(d),
                inapplicable: None,
            },
            Err(e) => {
                EstimateOutcome { estimator, data, min_entropy: None, detail: None, inapplicable: Some(e) }
            }
        }
    }
}

/// The estimate that set the final result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limit {
    /// The estimator.
    pub estimator: Estimator,
    /// The data form.
    pub data: DataForm,
}

/// Result of a non-IID assessment (SP 800-90B 6.3 and 3.1.3).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NonIidReport {
    /// The input that was assessed.
    pub input: InputSummary,
    /// Initial or conditioned assessment.
    pub mode: Mode,
    /// Every estimate, in the order of 6.3 (bitstring before original).
    pub estimates: Vec<EstimateOutcome>,
    /// `H_original`: minimum of the estimates on the samples, capped at the sample width
    /// (`None` when not computed).
    pub h_original: Option<f64>,
    /// `H_bitstring`: minimum of the estimates on the bitstring, capped at 1 (`None` when not
    /// computed: binary input in the initial mode).
    pub h_bitstring: Option<f64>,
    /// The assessed min-entropy per sample: `min(bits, H_original, bits x H_bitstring)` as
    /// applicable (SP 800-90B 3.1.3; `h'` x bits in the conditioned mode).
    pub assessed: f64,
    /// The estimate that set `assessed`, if any did (otherwise the sample width did).
    pub limited_by: Option<Limit>,
    /// Warnings about the input (too short, narrower than declared, ...).
    pub warnings: Vec<String>,
}

impl NonIidReport {
    /// Looks up one outcome.
    #[must_use]
    pub fn outcome(&self, estimator: Estimator, data: DataForm) -> Option<&EstimateOutcome> {
        self.estimates.iter().find(|o| o.estimator == estimator && o.data == data)
    }
}

/// Options of a non-IID assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NonIidOptions {
    /// Initial (3.1.3) or conditioned (3.1.5.2) assessment.
    pub mode: Mode,
    /// Truncate the bitstring to the first 1 000 000 bits (NIST's `-t`).
    pub truncate_bitstring: bool,
    /// Run the estimators one after another instead of in parallel.
    pub sequential: bool,
    /// Skip the bitstring form (used by the restart tests of SP 800-90B 3.1.4, which assess the
    /// rows and columns as samples only).
    pub original_only: bool,
}

/// Progress notifications from an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// An estimator started.
    Started(Estimator, DataForm),
    /// An estimator finished.
    Finished(Estimator, DataForm),
}

/// Runs the non-IID track with default options (initial entropy, all bits, in parallel).
///
/// ```
/// use sg17_entropy::{Samples, assess_non_iid};
/// let bytes: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 & 0x0F).collect();
/// let samples = Samples::from_bytes(&bytes, Some(4)).unwrap();
/// let report = assess_non_iid(&samples);
/// assert!(report.assessed > 0.0 && report.assessed <= 4.0);
/// assert!(report.h_bitstring.is_some() && report.h_original.is_some());
/// ```
#[must_use]
pub fn assess_non_iid(samples: &Samples) -> NonIidReport {
    assess_non_iid_with(samples, NonIidOptions::default(), &|_| {})
}

/// Checks the minimum requirements of the non-IID track and then runs it.
///
/// Unlike [`assess_non_iid`], fails on input with a single symbol (NIST's tool stops with
/// "Symbol alphabet consists of 1 symbol").
pub fn try_assess_non_iid(samples: &Samples, options: NonIidOptions) -> Result<NonIidReport, Error> {
    if samples.alphabet_size() <= 1 {
        return Err(Error::SingleSymbol);
    }
    Ok(assess_non_iid_with(samples, options, &|_| {}))
}

#[derive(Debug, Clone, Copy)]
enum Job {
    One(Estimator, DataForm),
    /// t-Tuple and LRS share one set of tuple counts (a suffix array, or direct counts on
    /// near-uniform bits).
    Tuples(DataForm),
}

/// The jobs whose working memory dominates the assessment: the tuple counts of the bitstring
/// (suffix array or sorted positions, 4 bytes per bit) and the MultiMMC dictionary of a non-binary alphabet (up to 16 x 100 000
/// entries, SP 800-90B 6.3.9). Two of them never run at the same time, which keeps the peak at
/// about the largest one plus the data.
fn heavy(job: Job, k: usize) -> bool {
    matches!(job, Job::Tuples(DataForm::Bitstring))
        || (k > 2 && matches!(job, Job::One(Estimator::MultiMmc, DataForm::Original)))
}

/// Runs `jobs` in the given order on the available threads, greedy longest-first (every worker
/// takes the next job of the sorted list, which balances the few long jobs better than splitting
/// the list), except that a heavy job waits while another heavy job runs.
fn run_parallel(
    jobs: &[Job],
    order: &[usize],
    is_heavy: impl Fn(Job) -> bool + Sync,
    run: impl Fn(Job) -> Vec<EstimateOutcome> + Sync,
) -> Vec<EstimateOutcome> {
    struct Queue {
        pending: Vec<usize>,
        heavy_running: bool,
    }
    struct Release<'a>(&'a Mutex<Queue>, &'a Condvar);
    impl Drop for Release<'_> {
        fn drop(&mut self) {
            self.0.lock().unwrap_or_else(PoisonError::into_inner).heavy_running = false;
            self.1.notify_all();
        }
    }
    let queue = Mutex::new(Queue { pending: order.to_vec(), heavy_running: false });
    let wake = Condvar::new();
    let done = Mutex::new(Vec::new());
    let workers = rayon::current_num_threads().min(order.len()).max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let (i, h) = {
                        let mut q = queue.lock().unwrap_or_else(PoisonError::into_inner);
                        loop {
                            if q.pending.is_empty() {
                                return;
                            }
                            let pick =
                                q.pending.iter().position(|&i| !(q.heavy_running && is_heavy(jobs[i])));
                            if let Some(at) = pick {
                                let i = q.pending.remove(at);
                                let h = is_heavy(jobs[i]);
                                q.heavy_running |= h;
                                break (i, h);
                            }
                            q = wake.wait(q).unwrap_or_else(PoisonError::into_inner);
                        }
                    };
                    // Releases the heavy slot even if the job panics, so that no worker waits forever.
                    let _release = h.then(|| Release(&queue, &wake));
                    let out = run(jobs[i]);
                    done.lock().unwrap_or_else(PoisonError::into_inner).extend(out);
                }
            });
        }
    });
    done.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// Runs the non-IID track with options and a progress callback (called from worker threads).
///
/// Input with a single symbol gets zero entropy.
pub fn assess_non_iid_with(
    samples: &Samples,
    options: NonIidOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> NonIidReport {
    let bits = samples.bits_per_sample();
    let k = samples.alphabet_size();
    let initial = options.mode == Mode::Initial;
    let use_bitstring = (k > 2 || !initial) && !options.original_only;
    let mut bitstring = if use_bitstring { samples.bitstring() } else { Vec::new() };
    if options.truncate_bitstring {
        bitstring.truncate(MIN_SAMPLES);
    }
    let mut warnings = Vec::new();
    if samples.len() < MIN_SAMPLES {
        warnings.push(format!(
            "data contains {} samples, fewer than the {} SP 800-90B 3.1.1 requires",
            samples.len(),
            MIN_SAMPLES
        ));
    }
    if samples.narrower_than_declared() {
        warnings.push(format!("samples appear to be narrower than the declared {bits} bits"));
    }
    if k <= 1 {
        warnings.push("all samples have the same value: no entropy".to_owned());
        return NonIidReport {
            input: samples.into(),
            mode: options.mode,
            estimates: Vec::new(),
            h_original: if initial { Some(0.0) } else { None },
            h_bitstring: if use_bitstring { Some(0.0) } else { None },
            assessed: 0.0,
            limited_by: None,
            warnings,
        };
    }

    let mut jobs = Vec::new();
    for est in Estimator::ALL {
        if est == Estimator::Lrs {
            continue;
        }
        for form in [DataForm::Bitstring, DataForm::Original] {
            let wanted = match form {
                DataForm::Bitstring => use_bitstring,
                DataForm::Original => initial && (!est.binary_only() || k == 2),
            };
            if wanted {
                jobs.push(if est == Estimator::TTuple { Job::Tuples(form) } else { Job::One(est, form) });
            }
        }
    }
    // Longest jobs first so that the parallel run ends sooner; the suffix array of the bitstring
    // first of all, while the heap is still unfragmented (the peak memory is lower so).
    let cost = |j: &Job| match (j, k > 2) {
        (Job::Tuples(DataForm::Bitstring), _) => 0,
        (Job::One(Estimator::MultiMmc, DataForm::Bitstring), _) => 1,
        (Job::One(Estimator::MultiMmc, DataForm::Original), true) => 2,
        (Job::One(Estimator::Lz78y, DataForm::Bitstring), _) => 3,
        (Job::One(Estimator::Lag, DataForm::Bitstring), _) => 4,
        (Job::One(Estimator::Lz78y | Estimator::MultiMmc, DataForm::Original), _) => 5,
        (Job::One(Estimator::Compression | Estimator::MultiMcw, _), _) => 6,
        _ => 7,
    };
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| cost(&jobs[i]));

    let run = |job: Job| -> Vec<EstimateOutcome> {
        let data = |form| match form {
            DataForm::Bitstring => (&bitstring[..], 2usize),
            DataForm::Original => (samples.symbols(), k),
        };
        match job {
            Job::Tuples(form) => {
                progress(Progress::Started(Estimator::TTuple, form));
                progress(Progress::Started(Estimator::Lrs, form));
                let (t, l) = tuple_estimates(data(form).0);
                progress(Progress::Finished(Estimator::TTuple, form));
                progress(Progress::Finished(Estimator::Lrs, form));
                vec![
                    EstimateOutcome::new(Estimator::TTuple, form, t.map(Detail::TTuple)),
                    EstimateOutcome::new(Estimator::Lrs, form, l.map(Detail::Lrs)),
                ]
            }
            Job::One(est, form) => {
                progress(Progress::Started(est, form));
                let (s, k) = data(form);
                let r = match est {
                    Estimator::MostCommonValue => most_common_value(s).map(Detail::MostCommonValue),
                    Estimator::Collision => collision(s).map(Detail::Collision),
                    Estimator::Markov => markov(s).map(Detail::Markov),
                    Estimator::Compression => compression(s).map(Detail::Compression),
                    Estimator::MultiMcw => multi_mcw(s, k).map(Detail::Prediction),
                    Estimator::Lag => lag(s, k).map(Detail::Prediction),
                    Estimator::MultiMmc => multi_mmc(s, k).map(Detail::Prediction),
                    Estimator::Lz78y => lz78y(s, k).map(Detail::Prediction),
                    Estimator::TTuple | Estimator::Lrs => unreachable!("run as Job::Tuples"),
                };
                progress(Progress::Finished(est, form));
                vec![EstimateOutcome::new(est, form, r)]
            }
        }
    };
    let mut estimates: Vec<EstimateOutcome> = if options.sequential {
        order.iter().flat_map(|&i| run(jobs[i])).collect()
    } else {
        run_parallel(&jobs, &order, |j| heavy(j, k), run)
    };
    estimates.sort_by_key(|o| (o.estimator, o.data));

    let min_of = |form: DataForm, cap: f64| -> (f64, Option<Limit>) {
        let mut best = (cap, None);
        for o in estimates.iter().filter(|o| o.data == form) {
            if let Some(h) = o.min_entropy
                && h < best.0
            {
                best = (h, Some(Limit { estimator: o.estimator, data: form }));
            }
        }
        best
    };
    let word = f64::from(bits);
    let mut assessed = (word, None);
    let h_bitstring = use_bitstring.then(|| {
        let (h, lim) = min_of(DataForm::Bitstring, 1.0);
        if h * word < assessed.0 {
            assessed = (h * word, lim);
        }
        h
    });
    let h_original = initial.then(|| {
        let (h, lim) = min_of(DataForm::Original, word);
        if h < assessed.0 {
            assessed = (h, lim);
        }
        h
    });
    NonIidReport {
        input: samples.into(),
        mode: options.mode,
        estimates,
        h_original,
        h_bitstring,
        assessed: assessed.0,
        limited_by: assessed.1,
        warnings,
    }
}

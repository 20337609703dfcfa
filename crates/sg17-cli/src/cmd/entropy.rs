//! `sg17 entropy ...`: NIST SP 800-90B entropy assessment (issue 6).

use anyhow::{Context, bail};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use sg17_entropy::iid::{IidOptions, IidReport, assess_iid};
use sg17_entropy::{
    DataForm, Estimator, Mode, NonIidOptions, NonIidReport, Progress, Samples, WidthPolicy,
    assess_non_iid_with,
};
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

/// entropy subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum EntropyCommand {
    /// Assess the min-entropy of a file of samples (one sample per byte), as NIST's
    /// ea_non_iid / ea_iid do (SP 800-90B 3.1.3, 5, 6.3).
    Assess(AssessArgs),
    /// Restart tests on a 1000 x 1000 restart matrix (SP 800-90B 3.1.4): row i holds the first
    /// 1000 samples after restart i.
    Restart(RestartArgs),
    /// Entropy of the output of a conditioning component (SP 800-90B 3.1.5).
    Conditioning(ConditioningArgs),
}

/// Arguments of `sg17 entropy restart`.
#[derive(clap::Args, Debug)]
pub struct RestartArgs {
    /// File of 1 000 000 samples, one per byte, row by row.
    pub file: PathBuf,
    /// The initial entropy estimate H_I (bits per sample) to validate.
    #[arg(long = "h-i")]
    pub h_i: f64,
    /// Bits per sample (1-8); inferred from the data when omitted.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=8))]
    pub bits: Option<u8>,
    /// The source is IID (MCV and the IID tests on rows and columns) instead of non-IID.
    #[arg(long)]
    pub iid: bool,
    /// Seed of the permutation tests (with --iid).
    #[arg(long, default_value_t = IidOptions::default().seed)]
    pub seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Arguments of `sg17 entropy conditioning`.
#[derive(clap::Args, Debug)]
pub struct ConditioningArgs {
    /// Input bits per output (n_in).
    #[arg(long = "n-in")]
    pub n_in: u32,
    /// Output bits (n_out).
    #[arg(long = "n-out")]
    pub n_out: u32,
    /// Narrowest internal width (nw).
    #[arg(long)]
    pub nw: u32,
    /// Entropy of the input (h_in, bits).
    #[arg(long = "h-in")]
    pub h_in: f64,
    /// For a non-vetted component: measured entropy per bit h' of its output (SP 800-90B 3.1.5.2).
    #[arg(long = "h-prime")]
    pub h_prime: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output format.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Human-readable report.
    Text,
    /// JSON document.
    Json,
}

/// Arguments of `sg17 entropy assess`.
#[derive(clap::Args, Debug)]
pub struct AssessArgs {
    /// File of samples, one per byte.
    pub file: PathBuf,
    /// Bits per sample (1-8); inferred from the data when omitted, like NIST's tool.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=8))]
    pub bits: Option<u8>,
    /// Keep only the low --bits bits of each byte instead of rejecting wider samples.
    #[arg(long, requires = "bits")]
    pub mask: bool,
    /// Run the IID track (SP 800-90B clause 5: permutation, chi-square and LRS tests).
    #[arg(long)]
    pub iid: bool,
    /// Run the non-IID track (SP 800-90B 6.3; the default when --iid is not given).
    #[arg(long)]
    pub non_iid: bool,
    /// Assess a conditioned sequential dataset (SP 800-90B 3.1.5.2: h' = H_bitstring;
    /// NIST's -c) instead of the initial entropy (3.1.3; NIST's -i).
    #[arg(long)]
    pub conditioned: bool,
    /// Truncate the bitstring to 1 000 000 bits (NIST's -t).
    #[arg(long)]
    pub truncate: bool,
    /// Read block INDEX of COUNT samples, like NIST's `-l INDEX,COUNT`.
    #[arg(short = 'l', value_name = "INDEX,COUNT")]
    pub block: Option<String>,
    /// Seed of the permutation tests (the IID result is deterministic for a given seed).
    #[arg(long, default_value_t = IidOptions::default().seed)]
    pub seed: u64,
    /// Number of shuffles of the permutation tests (SP 800-90B: 10 000).
    #[arg(long, default_value_t = IidOptions::default().permutations)]
    pub permutations: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Run the estimators one at a time.
    #[arg(long)]
    pub sequential: bool,
}

/// Runs an entropy subcommand.
pub fn run(cmd: EntropyCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EntropyCommand::Assess(args) => assess(&args),
        EntropyCommand::Restart(args) => restart(&args),
        EntropyCommand::Conditioning(args) => conditioning(&args),
    }
}

#[derive(Serialize)]
struct Output<'a> {
    file: String,
    block: Option<(u64, u64)>,
    non_iid: Option<&'a NonIidReport>,
    iid: Option<&'a IidReport>,
}

fn parse_block(spec: &str) -> anyhow::Result<(u64, u64)> {
    let (i, c) = spec.split_once(',').context("-l expects INDEX,COUNT")?;
    let index = i.trim().parse().with_context(|| format!("bad block index {i:?}"))?;
    let count: u64 = c.trim().parse().with_context(|| format!("bad block size {c:?}"))?;
    if count == 0 {
        bail!("block size must be at least 1");
    }
    Ok((index, count))
}

/// Reads the whole file, or only the requested block (without loading the rest).
fn read_samples(path: &PathBuf, block: Option<(u64, u64)>) -> anyhow::Result<Vec<u8>> {
    let mut f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let len = f.metadata()?.len();
    let (start, count) = match block {
        None => (0, len),
        Some((index, count)) => {
            let start = index.checked_mul(count).filter(|&s| s < len).with_context(|| {
                format!("block {index} of {count} samples lies past the end of the file ({len} bytes)")
            })?;
            (start, count.min(len - start))
        }
    };
    f.seek(SeekFrom::Start(start))?;
    let mut buf = Vec::with_capacity(usize::try_from(count).context("file too large")?);
    f.take(count).read_to_end(&mut buf)?;
    if buf.is_empty() {
        bail!("{} is empty", path.display());
    }
    Ok(buf)
}

fn bar_target() -> ProgressDrawTarget {
    // Hidden automatically when stderr is not a terminal.
    ProgressDrawTarget::stderr()
}

fn run_non_iid(samples: &Samples, args: &AssessArgs) -> NonIidReport {
    let multi = MultiProgress::with_draw_target(bar_target());
    let style = ProgressStyle::with_template("{spinner} {prefix:<34} {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    let bars: Mutex<HashMap<(Estimator, DataForm), ProgressBar>> = Mutex::new(HashMap::new());
    let options = NonIidOptions {
        mode: if args.conditioned { Mode::Conditioned } else { Mode::Initial },
        truncate_bitstring: args.truncate,
        sequential: args.sequential,
        original_only: false,
    };
    let report = assess_non_iid_with(samples, options, &|p| {
        let Ok(mut bars) = bars.lock() else { return };
        match p {
            Progress::Started(e, f) => {
                let bar = multi.add(ProgressBar::new_spinner().with_style(style.clone()));
                bar.set_prefix(format!("{e} ({f}, SP 800-90B {})", e.clause()));
                bar.set_message("running");
                bar.enable_steady_tick(Duration::from_millis(120));
                bars.insert((e, f), bar);
            }
            Progress::Finished(e, f) => {
                if let Some(bar) = bars.get(&(e, f)) {
                    bar.finish_with_message("done");
                }
            }
        }
    });
    let _ = multi.clear();
    report
}

fn run_iid(samples: &Samples, args: &AssessArgs) -> IidReport {
    let bar = ProgressBar::with_draw_target(Some(args.permutations as u64), bar_target()).with_style(
        ProgressStyle::with_template("permutation tests (SP 800-90B 5.1) {bar:30} {pos}/{len} shuffles")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let options = IidOptions { seed: args.seed, permutations: args.permutations };
    let report = assess_iid(samples, options, &|done| bar.set_position(done as u64));
    bar.finish_and_clear();
    report
}

fn assess(args: &AssessArgs) -> anyhow::Result<ExitCode> {
    let block = args.block.as_deref().map(parse_block).transpose()?;
    let bytes = read_samples(&args.file, block)?;
    let policy = if args.mask { WidthPolicy::Mask } else { WidthPolicy::Reject };
    let samples = Samples::from_bytes_with(&bytes, args.bits, policy)
        .with_context(|| format!("cannot read samples from {}", args.file.display()))?;
    if samples.alphabet_size() <= 1 {
        bail!("all samples have the same value: no entropy can be credited");
    }
    let do_non_iid = args.non_iid || !args.iid;
    let non_iid = do_non_iid.then(|| run_non_iid(&samples, args));
    let iid = args.iid.then(|| run_iid(&samples, args));
    let out =
        Output { file: args.file.display().to_string(), block, non_iid: non_iid.as_ref(), iid: iid.as_ref() };
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&out)?),
        Format::Text => print!("{}", render_text(&out, &samples)),
    }
    Ok(ExitCode::SUCCESS)
}

fn render_text(out: &Output<'_>, samples: &Samples) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "File: {}", out.file);
    if let Some((i, c)) = out.block {
        let _ = writeln!(s, "Block: {i} of {c} samples");
    }
    let _ = writeln!(
        s,
        "Samples: {} of {} bit(s), {} distinct value(s)",
        samples.len(),
        samples.bits_per_sample(),
        samples.alphabet_size()
    );
    if let Some(r) = out.non_iid {
        for w in &r.warnings {
            let _ = writeln!(s, "Warning: {w}");
        }
        let what = match r.mode {
            Mode::Initial => "initial entropy estimate, SP 800-90B 3.1.3",
            Mode::Conditioned => "conditioned sequential dataset, SP 800-90B 3.1.5.2",
        };
        let _ = writeln!(s, "\nNon-IID track (SP 800-90B 6.3; {what})");
        let _ = writeln!(
            s,
            "  {:<22} {:<7} {:>14} {:>14}",
            "Estimator", "Clause", "bitstring/bit", "original/sample"
        );
        for e in Estimator::ALL {
            let get = |f| r.outcome(e, f);
            let b = get(DataForm::Bitstring);
            let o = get(DataForm::Original);
            if b.is_none() && o.is_none() {
                continue;
            }
            let cell = |x: Option<&sg17_entropy::EstimateOutcome>| match x {
                None => "-".to_owned(),
                Some(x) => match (&x.min_entropy, &x.inapplicable) {
                    (Some(h), _) => format!("{h:.6}"),
                    (None, Some(_)) => "n/a".to_owned(),
                    _ => "-".to_owned(),
                },
            };
            let _ = writeln!(s, "  {:<22} {:<7} {:>14} {:>14}", e.to_string(), e.clause(), cell(b), cell(o));
        }
        for o in r.estimates.iter().filter(|o| o.inapplicable.is_some()) {
            if let Some(why) = &o.inapplicable {
                let _ = writeln!(s, "  note: {} ({}) not applicable: {why}", o.estimator, o.data);
            }
        }
        let bits = f64::from(samples.bits_per_sample());
        if let Some(h) = r.h_original {
            let _ = writeln!(s, "  H_original  = {h:.6} bits per sample");
        }
        if let Some(h) = r.h_bitstring {
            let _ = writeln!(s, "  H_bitstring = {h:.6} bits per bit ({:.6} per sample)", h * bits);
        }
        let by = r.limited_by.map_or_else(
            || "the sample width".to_owned(),
            |l| format!("{} on the {} data (SP 800-90B {})", l.estimator, l.data, l.estimator.clause()),
        );
        let _ = writeln!(s, "  Assessed min-entropy: {:.6} bits per sample (set by {by})", r.assessed);
    }
    if let Some(r) = out.iid {
        if out.non_iid.is_none() {
            for w in &r.warnings {
                let _ = writeln!(s, "Warning: {w}");
            }
        }
        let _ = writeln!(s, "\nIID track (SP 800-90B clause 5), seed {}", r.permutation.seed);
        let c = &r.chi_square_independence;
        let _ = writeln!(
            s,
            "  Chi-square independence:    T = {:.4}, df = {}, p = {:.4e} {}",
            c.t,
            c.df,
            c.p_value,
            pass(c.passed)
        );
        let c = &r.chi_square_goodness_of_fit;
        let _ = writeln!(
            s,
            "  Chi-square goodness of fit: T = {:.4}, df = {}, p = {:.4e} {}",
            c.t,
            c.df,
            c.p_value,
            pass(c.passed)
        );
        let l = &r.lrs;
        let _ = writeln!(
            s,
            "  LRS test: W = {}, P_col = {:.6}, Pr(X >= 1) = {:.4e} {}",
            l.w,
            l.p_col,
            l.pr_at_least_one,
            pass(l.passed)
        );
        let _ = writeln!(s, "  Permutation tests ({} shuffles):", r.permutation.permutations_run);
        let _ = writeln!(
            s,
            "    {:<24} {:<7} {:>18} {:>8} {:>8} {:>8}",
            "statistic", "clause", "original", "greater", "equal", "less"
        );
        for st in &r.permutation.statistics {
            let _ = writeln!(
                s,
                "    {:<24} {:<7} {:>18} {:>8} {:>8} {:>8} {}",
                st.name,
                st.clause,
                format!("{:.4}", st.original),
                st.greater,
                st.equal,
                st.less,
                pass(st.passed)
            );
        }
        if r.iid {
            let _ = writeln!(
                s,
                "  Result: IID assumption not rejected; min-entropy (MCV, SP 800-90B 6.3.1) = {:.6} bits per sample",
                r.assessed
            );
        } else {
            let _ = writeln!(s, "  Result: NOT IID, because:");
            for why in &r.reasons {
                let _ = writeln!(s, "    - {why}");
            }
        }
    }
    s
}

fn pass(ok: bool) -> &'static str {
    if ok { "pass" } else { "FAIL" }
}

fn restart(args: &RestartArgs) -> anyhow::Result<ExitCode> {
    let bytes = read_samples(&args.file, None)?;
    let spinner = ProgressBar::with_draw_target(None, bar_target());
    spinner.set_message("restart tests (SP 800-90B 3.1.4): assessing rows and columns");
    spinner.enable_steady_tick(Duration::from_millis(120));
    let options = IidOptions { seed: args.seed, ..IidOptions::default() };
    let report = sg17_entropy::restart::restart_tests(&bytes, args.bits, args.h_i, args.iid, options)
        .with_context(|| format!("restart tests on {}", args.file.display()))?;
    spinner.finish_and_clear();
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Text => {
            let s = &report.sanity;
            println!("File: {}", args.file.display());
            println!("Restart tests (SP 800-90B 3.1.4), H_I = {}", report.h_i);
            println!(
                "  Sanity check (3.1.4.3): max count in a row {}, in a column {}, cutoff {} {}",
                s.max_row_count,
                s.max_column_count,
                s.cutoff,
                pass(s.passed)
            );
            if let (Some(h_r), Some(h_c)) = (report.h_r, report.h_c) {
                println!("  H_r = {h_r:.6}, H_c = {h_c:.6} (need >= H_I/2 = {:.6})", report.h_i / 2.0);
            }
            if let (true, Some(h)) = (report.passed, report.assessed) {
                println!("  Result: passed; min(H_r, H_c, H_I) = {h:.6} bits per sample");
            } else {
                println!("  Result: FAILED, because:");
                for why in &report.reasons {
                    println!("    - {why}");
                }
            }
        }
    }
    Ok(if report.passed { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn conditioning(args: &ConditioningArgs) -> anyhow::Result<ExitCode> {
    if args.n_out == 0 || args.nw == 0 || args.n_in == 0 {
        bail!("n_in, n_out and nw must be positive");
    }
    if !(args.h_in > 0.0 && args.h_in <= f64::from(args.n_in)) {
        bail!("h_in must be in (0, n_in]");
    }
    if let Some(hp) = args.h_prime
        && !(hp > 0.0 && hp <= 1.0)
    {
        bail!("h' must be in (0, 1]");
    }
    let r = sg17_entropy::conditioning::conditioning(args.n_in, args.n_out, args.nw, args.h_in, args.h_prime);
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&r)?),
        Format::Text => {
            println!("Conditioning component (SP 800-90B 3.1.5)");
            println!("  n_in = {}, n_out = {}, nw = {}, h_in = {}", r.n_in, r.n_out, r.nw, r.h_in);
            println!("  Output_Entropy = {:.9}", r.output_entropy);
            match r.h_prime {
                None => println!("  h_out (vetted, 3.1.5.1.1) = {:.9}", r.h_out),
                Some(hp) => println!(
                    "  h_out (non-vetted, 3.1.5.2) = min({:.9}, 0.999 n_out = {:.9}, h' n_out = {:.9}) = {:.9}",
                    r.output_entropy,
                    0.999 * f64::from(r.n_out),
                    hp * f64::from(r.n_out),
                    r.h_out
                ),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_spec_parsing() {
        assert_eq!(parse_block("2,500").unwrap(), (2, 500));
        assert_eq!(parse_block(" 0 , 10 ").unwrap(), (0, 10));
        assert!(parse_block("1").is_err());
        assert!(parse_block("1,0").is_err());
        assert!(parse_block("x,5").is_err());
        assert!(parse_block("-1,5").is_err());
    }

    #[test]
    fn reads_nist_style_blocks_without_loading_the_rest() {
        let dir = std::env::temp_dir().join(format!("sg17-entropy-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.bin");
        std::fs::write(&path, [1u8, 2, 3, 4, 5]).unwrap();
        assert_eq!(read_samples(&path, None).unwrap(), vec![1, 2, 3, 4, 5]);
        assert_eq!(read_samples(&path, Some((1, 2))).unwrap(), vec![3, 4]);
        assert_eq!(read_samples(&path, Some((2, 2))).unwrap(), vec![5]);
        assert!(read_samples(&path, Some((3, 2))).is_err());
        assert!(read_samples(&path, Some((u64::MAX, 2))).is_err());
        std::fs::write(&path, []).unwrap();
        assert!(read_samples(&path, None).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn text_report_names_the_limiting_estimator() {
        let bytes: Vec<u8> = (0..6000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 28) as u8).collect();
        let samples = Samples::from_bytes(&bytes, Some(4)).unwrap();
        let report = sg17_entropy::assess_non_iid(&samples);
        let out = Output { file: "x.bin".into(), block: None, non_iid: Some(&report), iid: None };
        let text = render_text(&out, &samples);
        assert!(text.contains("Assessed min-entropy"));
        assert!(text.contains(" 6.3.1 ") && text.contains(" 6.3.10 "));
        let limit = report.limited_by.expect("an estimator sets the result");
        assert!(text.contains(&format!("set by {}", limit.estimator)));
        let json = serde_json::to_value(&out).unwrap();
        assert_eq!(json["non_iid"]["assessed"].as_f64(), Some(report.assessed));
    }
}

//! `sg17 rng ...` (issue 5): the X.1702-style RNG pipeline of `sg17-qrng`.

use anyhow::{Context, bail};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sg17_qrng::drbg::DrbgKind;
use sg17_qrng::health::{HealthConfig, HealthFailure, HealthTests};
use sg17_qrng::source::sim::{BeamSplitterSource, HomodyneSource, PhotonArrivalSource};
use sg17_qrng::source::{NoiseSource, ReplaySource};
use sg17_qrng::{ConditionerKind, QuantumRng};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// RNG subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum RngCommand {
    /// Generate random bytes: noise source -> SP 800-90B health tests ->
    /// conditioning -> SP 800-90A DRBG.
    Generate(GenerateArgs),
    /// Run the SP 800-90B 4.4 health tests (RCT, APT) over a sample file
    /// (one sample per byte) and report.
    Health(HealthArgs),
}

/// Conditioner choice on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CliConditioner {
    /// Hash_df with SHA-256 (vetted, SP 800-90B 3.1.5.1.1).
    Hash,
    /// HMAC-SHA-256 (vetted, SP 800-90B 3.1.5.1.1).
    Hmac,
    /// Toeplitz-hashing extractor (leftover hash lemma).
    Toeplitz,
}

/// DRBG choice on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CliDrbg {
    /// Hash_DRBG with SHA-256 (SP 800-90A 10.1.1).
    Hash,
    /// HMAC_DRBG with SHA-256 (SP 800-90A 10.1.2).
    Hmac,
    /// CTR_DRBG with AES-256 and the derivation function (SP 800-90A 10.2.1).
    Ctr,
    /// No DRBG: output the conditioned entropy-source output directly.
    None,
}

/// Arguments of `sg17 rng generate`.
#[derive(clap::Args, Debug)]
pub struct GenerateArgs {
    /// Noise source: sim:homodyne, sim:photon, sim:beamsplitter, file:PATH
    /// (one sample per byte) or file:- for standard input.
    #[arg(long)]
    source: String,
    /// Number of bytes to generate.
    #[arg(long)]
    bytes: u64,
    /// Conditioning component.
    #[arg(long, value_enum, default_value = "hash")]
    conditioner: CliConditioner,
    /// DRBG mechanism.
    #[arg(long, value_enum, default_value = "hash")]
    drbg: CliDrbg,
    /// Output file (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write lowercase hex instead of raw bytes.
    #[arg(long)]
    hex: bool,
    /// Bits per sample of a file source (1-8).
    #[arg(long)]
    bits: Option<u8>,
    /// Claimed min-entropy per sample; required for file sources, overrides
    /// the model value of simulated sources.
    #[arg(long)]
    claimed_entropy: Option<f64>,
    /// Seed of a simulated source (simulated output is reproducible and
    /// NOT suitable for cryptographic use).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Health-test false-positive probability as -log2(alpha).
    #[arg(long, default_value_t = 20.0)]
    alpha_log2: f64,
    /// DRBG reseed interval in requests of at most 2^19 bits.
    #[arg(long, default_value_t = 1024)]
    reseed_interval: u64,
    /// Reseed the DRBG from the noise source before every request.
    #[arg(long)]
    prediction_resistance: bool,
}

/// Output format of `sg17 rng health`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// JSON object.
    Json,
}

/// Arguments of `sg17 rng health`.
#[derive(clap::Args, Debug)]
pub struct HealthArgs {
    /// Sample file, one sample per byte (`-` for standard input).
    file: PathBuf,
    /// Bits per sample (1-8).
    #[arg(long)]
    bits: u8,
    /// Claimed min-entropy per sample, in (0, bits].
    #[arg(long)]
    claimed_entropy: f64,
    /// False-positive probability as -log2(alpha).
    #[arg(long, default_value_t = 20.0)]
    alpha_log2: f64,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// Runs an RNG subcommand.
pub fn run(cmd: RngCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        RngCommand::Generate(args) => generate(args),
        RngCommand::Health(args) => health(args),
    }
}

fn alpha(alpha_log2: f64) -> anyhow::Result<f64> {
    if !(1.0..=1000.0).contains(&alpha_log2) {
        bail!("--alpha-log2 must be in [1, 1000], got {alpha_log2}");
    }
    Ok((-alpha_log2).exp2())
}

fn open_source(args: &GenerateArgs) -> anyhow::Result<Box<dyn NoiseSource>> {
    let spec = args.source.as_str();
    if let Some(path) = spec.strip_prefix("file:") {
        let bits = args.bits.context("--bits is required for a file source")?;
        let h = args.claimed_entropy.context("--claimed-entropy is required for a file source")?;
        return Ok(if path == "-" {
            Box::new(ReplaySource::stdin(bits, Some(h))?)
        } else {
            Box::new(ReplaySource::open(path, bits, Some(h))?)
        });
    }
    let source: Box<dyn NoiseSource> = match spec {
        "sim:homodyne" => Box::new(HomodyneSource::builder().seed(args.seed).build()?),
        "sim:photon" => Box::new(PhotonArrivalSource::new(args.seed, 8, 64.0, 0.0)?),
        "sim:beamsplitter" => Box::new(BeamSplitterSource::new(args.seed, 8, 0.5, 0.0)?),
        other => bail!(
            "unknown source `{other}` (expected sim:homodyne, sim:photon, sim:beamsplitter or file:PATH)"
        ),
    };
    eprintln!(
        "sg17: warning: {} is a deterministic simulation (seed {}); its output is not secret",
        source.describe(),
        args.seed
    );
    Ok(source)
}

fn generate(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let source = open_source(&args)?;
    let mut builder = QuantumRng::builder()
        .boxed_source(source)
        .alpha(alpha(args.alpha_log2)?)
        .conditioner(match args.conditioner {
            CliConditioner::Hash => ConditionerKind::HashDf,
            CliConditioner::Hmac => ConditionerKind::Hmac,
            CliConditioner::Toeplitz => ConditionerKind::Toeplitz,
        })
        .drbg(match args.drbg {
            CliDrbg::Hash => Some(DrbgKind::HashSha256),
            CliDrbg::Hmac => Some(DrbgKind::HmacSha256),
            CliDrbg::Ctr => Some(DrbgKind::CtrAes256),
            CliDrbg::None => None,
        })
        .reseed_interval(args.reseed_interval)
        .prediction_resistance(args.prediction_resistance);
    if let Some(h) = args.claimed_entropy {
        builder = builder.claimed_entropy(h);
    }
    let mut rng = builder.build().context("starting the RNG pipeline")?;

    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let bar = if args.bytes >= 1 << 20 {
        let bar = ProgressBar::with_draw_target(Some(args.bytes), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}")
                .expect("static template"),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut buf = vec![0u8; 1 << 16];
    let mut left = args.bytes;
    while left > 0 {
        let n = usize::try_from(left.min(buf.len() as u64)).expect("bounded by buffer");
        // A failure halts the pipeline; the partial request is never written.
        rng.try_fill(&mut buf[..n]).with_context(|| format!("after {} bytes", args.bytes - left))?;
        if args.hex {
            out.write_all(hex::encode(&buf[..n]).as_bytes())?;
        } else {
            out.write_all(&buf[..n])?;
        }
        left -= n as u64;
        bar.inc(n as u64);
    }
    if args.hex {
        out.write_all(b"\n")?;
    }
    out.flush()?;
    bar.finish_and_clear();
    Ok(ExitCode::SUCCESS)
}

/// Health report: first failure and the number of failures when the tests
/// are restarted after each one.
struct Report {
    samples: u64,
    failures: u64,
    first: Option<HealthFailure>,
}

fn run_health(reader: &mut dyn Read, config: HealthConfig) -> anyhow::Result<Report> {
    let mut tests = HealthTests::new(config);
    tests.set_phase(sg17_qrng::health::TestPhase::Continuous);
    let limit = 1u16 << config.bits_per_sample();
    let mut report = Report { samples: 0, failures: 0, first: None };
    let mut buf = vec![0u8; 1 << 16];
    let mut offset_base = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).context(format!("reading at byte {}", report.samples)),
        };
        for &s in &buf[..n] {
            if u16::from(s) >= limit {
                bail!(
                    "sample at byte {} has value {s}, which does not fit in {} bits",
                    report.samples,
                    config.bits_per_sample()
                );
            }
            report.samples += 1;
            if let Err(mut f) = tests.check(s) {
                // Report indices relative to the whole file.
                f.sample_index += offset_base;
                report.failures += 1;
                report.first.get_or_insert(f);
                offset_base = report.samples;
                tests.reset();
                tests.set_phase(sg17_qrng::health::TestPhase::Continuous);
            }
        }
    }
    if report.samples == 0 {
        bail!("the sample file is empty");
    }
    Ok(report)
}

fn health(args: HealthArgs) -> anyhow::Result<ExitCode> {
    let config = HealthConfig::new(args.bits, args.claimed_entropy, alpha(args.alpha_log2)?)?;
    let mut reader: Box<dyn Read> = if args.file.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(BufReader::new(
            File::open(&args.file).with_context(|| format!("opening {}", args.file.display()))?,
        ))
    };
    let report = run_health(&mut reader, config)?;
    let pass = report.failures == 0;
    let startup_ok = report.samples >= sg17_qrng::health::MIN_STARTUP_SAMPLES as u64;
    match args.format {
        Format::Json => {
            let first = report.first.as_ref().map(|f| {
                serde_json::json!({
                    "test": match f.test {
                        sg17_qrng::health::HealthTestKind::RepetitionCount => "rct",
                        sg17_qrng::health::HealthTestKind::AdaptiveProportion => "apt",
                    },
                    "sample_index": f.sample_index,
                    "value": f.value,
                    "count": f.count,
                    "cutoff": f.cutoff,
                })
            });
            let v = serde_json::json!({
                "file": args.file.display().to_string(),
                "samples": report.samples,
                "bits_per_sample": config.bits_per_sample(),
                "claimed_entropy": config.claimed_entropy(),
                "alpha": config.alpha(),
                "rct_cutoff": config.rct_cutoff(),
                "apt_window": config.apt_window(),
                "apt_cutoff": config.apt_cutoff(),
                "enough_for_startup": startup_ok,
                "failures": report.failures,
                "first_failure": first,
                "pass": pass,
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        Format::Text => {
            println!("file:            {}", args.file.display());
            println!(
                "samples:         {} ({} bits each, claimed H = {} bits/sample)",
                report.samples,
                config.bits_per_sample(),
                config.claimed_entropy()
            );
            println!("alpha:           2^-{}", args.alpha_log2);
            println!("RCT cutoff:      {} (SP 800-90B 4.4.1)", config.rct_cutoff());
            println!(
                "APT cutoff:      {} in a window of {} (SP 800-90B 4.4.2)",
                config.apt_cutoff(),
                config.apt_window()
            );
            if !startup_ok {
                println!(
                    "note:            fewer than 1024 samples: too short for start-up testing (SP 800-90B 4.3)"
                );
            }
            match &report.first {
                None => println!("result:          PASS"),
                Some(f) => {
                    println!(
                        "result:          FAIL ({} failures, tests restarted after each)",
                        report.failures
                    );
                    println!("first failure:   {f}");
                }
            }
        }
    }
    Ok(if pass { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

//! Output formats for a vectors run: a table, JSON lines, JUnit XML.

use super::{Outcome, SuiteResult};
use serde_json::json;
use std::fmt::Write;

/// A per-suite table with totals, plus one line per failure.
#[must_use]
pub fn table(suites: &[SuiteResult]) -> String {
    let mut s = String::new();
    let w = suites.iter().map(|r| r.suite.len()).max().unwrap_or(5).max(5);
    let _ = writeln!(s, "{:<w$}  {:>6}  {:>6}  {:>7}", "suite", "passed", "failed", "skipped");
    let mut tot = (0, 0, 0);
    for r in suites {
        let (p, f, k) = r.counts();
        tot = (tot.0 + p, tot.1 + f, tot.2 + k);
        let _ = writeln!(s, "{:<w$}  {p:>6}  {f:>6}  {k:>7}", r.suite);
    }
    let _ = writeln!(s, "{:<w$}  {:>6}  {:>6}  {:>7}", "total", tot.0, tot.1, tot.2);
    for r in suites {
        for t in &r.tests {
            if let Outcome::Fail(why) = &t.outcome {
                let _ = writeln!(s, "FAIL {}/{} (clause {}): {why}", t.suite, t.id, t.clause);
            }
        }
    }
    let _ = writeln!(s, "{} passed, {} failed, {} skipped", tot.0, tot.1, tot.2);
    s
}

/// JSON lines: one object per test (`"kind": "test"`), then one per suite (`"kind": "suite"`).
#[must_use]
pub fn json_lines(suites: &[SuiteResult]) -> String {
    let mut s = String::new();
    for r in suites {
        for t in &r.tests {
            let (outcome, reason) = match &t.outcome {
                Outcome::Pass => ("pass", None),
                Outcome::Fail(w) => ("fail", Some(w)),
                Outcome::Skip(w) => ("skip", Some(w)),
            };
            let o = json!({"kind": "test", "suite": t.suite, "id": t.id, "clause": t.clause,
                "expected": t.expected, "outcome": outcome, "reason": reason, "detail": t.detail});
            let _ = writeln!(s, "{o}");
        }
    }
    for r in suites {
        let (p, f, k) = r.counts();
        let o = json!({"kind": "suite", "suite": r.suite, "recommendation": r.recommendation,
            "path": r.path.display().to_string(), "passed": p, "failed": f, "skipped": k});
        let _ = writeln!(s, "{o}");
    }
    s
}

/// JUnit XML, one `<testsuite>` per vector suite, for CI systems.
#[must_use]
pub fn junit(suites: &[SuiteResult]) -> String {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut report = Report::new("sg17-vectors");
    for r in suites {
        let mut ts = TestSuite::new(r.suite.as_str());
        for t in &r.tests {
            let status = match &t.outcome {
                Outcome::Pass => TestCaseStatus::success(),
                Outcome::Fail(w) => {
                    let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    st.set_message(w.as_str());
                    st
                }
                Outcome::Skip(w) => {
                    let mut st = TestCaseStatus::skipped();
                    st.set_message(w.as_str());
                    st
                }
            };
            let mut tc = TestCase::new(t.id.as_str(), status);
            tc.set_classname(format!("{}.clause-{}", t.suite, t.clause));
            ts.add_test_case(tc);
        }
        report.add_test_suite(ts);
    }
    report.to_string().unwrap_or_default()
}

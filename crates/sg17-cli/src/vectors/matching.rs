//! Expected-value matching: the expected JSON must be a recursive subset of the actual one.

use serde_json::Value;

/// Whether `expected` is contained in `actual`: objects by key (extra actual keys are fine),
/// arrays element-wise with equal length, numbers as `f64`, everything else by equality.
/// Returns the JSON path of the first mismatch.
///
/// ```
/// use serde_json::json;
/// use sg17_cli::vectors::matching::subset;
/// assert!(subset(&json!({"type": "REAL", "value": 1}), &json!({"type": "REAL", "value": 1.0, "x": 2})).is_ok());
/// assert_eq!(subset(&json!({"items": [1]}), &json!({"items": [2]})), Err("$.items[0]".to_owned()));
/// ```
pub fn subset(expected: &Value, actual: &Value) -> Result<(), String> {
    fn go(e: &Value, a: &Value, path: &mut String) -> Result<(), String> {
        match (e, a) {
            (Value::Object(eo), Value::Object(ao)) => {
                for (k, ev) in eo {
                    let len = path.len();
                    path.push('.');
                    path.push_str(k);
                    match ao.get(k) {
                        Some(av) => go(ev, av, path)?,
                        None => return Err(path.clone()),
                    }
                    path.truncate(len);
                }
                Ok(())
            }
            (Value::Array(ea), Value::Array(aa)) => {
                if ea.len() != aa.len() {
                    return Err(format!("{path} (length {} != {})", ea.len(), aa.len()));
                }
                for (i, (ev, av)) in ea.iter().zip(aa).enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    go(ev, av, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            (Value::Number(en), Value::Number(an)) => {
                if en.as_f64() == an.as_f64() {
                    Ok(())
                } else {
                    Err(path.clone())
                }
            }
            _ => {
                if e == a {
                    Ok(())
                } else {
                    Err(path.clone())
                }
            }
        }
    }
    go(expected, actual, &mut "$".to_owned())
}

//! Sample credentials for a newcomer, so a first wallet is not empty: Open
//! Badges 3.0 credentials signed (eddsa-rdfc-2022) by a demo issuer whose
//! key is made on this computer when the samples are. Every one says in its
//! issuer's name and its own that it is a sample, never a real institution.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use crate::error::{Error, Result};
use crate::keys;

/// The demo issuer's name, as every sample shows it.
pub const ISSUER_NAME: &str = "Satchel demo issuer (sample, not a real institution)";

struct Sample {
    name: &'static str,
    description: &'static str,
    criteria: &'static str,
    skills: &'static [&'static str],
    credits: Option<f64>,
    issued_days_ago: i64,
    valid_days: Option<i64>,
}

const SAMPLES: &[Sample] = &[
    Sample {
        name: "Sample: Introduction to Data Literacy",
        description: "A sample badge: reading charts, questioning sources and telling data from noise.",
        criteria: "Completed six sample exercises and a short quiz.",
        skills: &["data literacy", "critical thinking"],
        credits: Some(2.0),
        issued_days_ago: 40,
        valid_days: None,
    },
    Sample {
        name: "Sample: Team Communication",
        description: "A sample badge for giving and receiving feedback in a project team.",
        criteria: "Took part in three sample team retrospectives.",
        skills: &["teamwork", "giving feedback"],
        credits: None,
        issued_days_ago: 120,
        valid_days: None,
    },
    Sample {
        name: "Sample: Digital Safety Micro-credential",
        description: "A sample micro-credential: passwords, phishing and keeping devices up to date.",
        criteria: "Passed the sample assessment with at least 80%.",
        skills: &["cyber hygiene"],
        credits: Some(1.0),
        issued_days_ago: 10,
        valid_days: Some(730),
    },
    Sample {
        name: "Sample: First Aid Refresher (expired)",
        description: "A sample certificate that has expired, to show what that looks like.",
        criteria: "Attended the sample refresher course.",
        skills: &["first aid"],
        credits: None,
        issued_days_ago: 800,
        valid_days: Some(365),
    },
];

fn day(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The sample credentials, freshly signed by a new demo issuer key.
pub fn make(now: DateTime<Utc>) -> Result<Vec<Vec<u8>>> {
    let mut seed = zeroize::Zeroizing::new([0u8; 32]);
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, seed.as_mut());
    let key = ed25519_dalek::SigningKey::from_bytes(&seed);
    let issuer = keys::did_key(&key.verifying_key());
    SAMPLES
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let issued = now - Duration::days(s.issued_days_ago);
            let mut achievement = json!({
                "id": format!("urn:uuid:{}", uuid_like(&issuer, i, "achievement")),
                "type": ["Achievement"],
                "name": s.name,
                "description": s.description,
                "criteria": {"narrative": s.criteria},
                "alignment": s.skills.iter().map(|k| json!({"type": ["Alignment"], "targetName": k, "targetUrl": "https://satchel.invalid/samples/skills", "targetType": "ceterms:Skill"})).collect::<Vec<_>>(),
            });
            if let Some(c) = s.credits {
                achievement["creditsAvailable"] = json!(c);
            }
            let mut credential = json!({
                "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
                "id": format!("urn:uuid:{}", uuid_like(&issuer, i, "credential")),
                "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "issuer": {"id": issuer, "type": ["Profile"], "name": ISSUER_NAME},
                "name": s.name,
                "validFrom": day(issued),
                "credentialSubject": {"type": ["AchievementSubject"], "achievement": achievement},
            });
            if let Some(days) = s.valid_days {
                credential["validUntil"] = json!(day(issued + Duration::days(days)));
            }
            let proof = json!({
                "type": "DataIntegrityProof",
                "cryptosuite": "eddsa-rdfc-2022",
                "created": day(issued),
                "verificationMethod": keys::verification_method(&issuer),
                "proofPurpose": "assertionMethod",
            });
            let proof = crate::verify::data_integrity::sign_eddsa_rdfc_2022(&credential, proof, &key).map_err(Error::CannotShare)?;
            credential["proof"] = proof;
            Ok(serde_json::to_vec_pretty(&credential).expect("JSON serialises"))
        })
        .collect()
}

/// A stable UUID-shaped id per issuer and sample (no uuid crate needed).
fn uuid_like(issuer: &str, i: usize, what: &str) -> String {
    use sha2::{Digest, Sha256};
    let h = hex::encode(&Sha256::digest(format!("{issuer}/{what}/{i}").as_bytes())[..16]);
    format!("{}-{}-4{}-8{}-{}", &h[..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    use crate::verify::{verify, Verdict, VerifyOptions};

    #[test]
    fn samples_verify_and_say_they_are_samples() {
        let now = Utc::now();
        let samples = make(now).unwrap();
        assert_eq!(samples.len(), SAMPLES.len());
        let clock = crate::clock::FixedClock(now);
        let verdicts: Vec<Verdict> =
            samples.iter().map(|s| verify(s, &VerifyOptions { clock: &clock, fetcher: None, trust: None }).unwrap().verdict).collect();
        assert_eq!(
            verdicts,
            vec![Verdict::Valid, Verdict::Valid, Verdict::Valid, Verdict::Expired],
            "real signatures, one expired on purpose"
        );
        for s in &samples {
            let v: Value = serde_json::from_slice(s).unwrap();
            assert_eq!(v["issuer"]["name"], ISSUER_NAME);
            assert!(v["name"].as_str().unwrap().starts_with("Sample: "));
        }
    }
}

//! The learning view of real credentials: what the app and `satchel show`
//! render.

use satchel_core::learning::view;

use crate::support::vectors;

#[test]
fn an_edc_micro_credential_shows_its_learning_in_english() {
    let Some(dir) = vectors() else { return };
    let v = view(&std::fs::read(dir.join("edc/Sample-MC-Annex1-signed.jsonld")).unwrap(), &["en"]).unwrap();
    assert_eq!(v.language.as_deref(), Some("en"));
    assert_eq!(v.title.as_deref(), Some("Micro-Credential"));
    assert_eq!(v.issuer.name.as_deref(), Some("ORGANIZACION TEST"));
    assert!(v.learner.is_some(), "the learner's name");
    assert_eq!(v.sealed_by.as_deref(), Some("ORGANIZACION TEST"));
    assert!(v.sealed_at.as_deref().is_some_and(|t| t.starts_with("2023-09-27")));
    let a = &v.achievements[0];
    assert_eq!(a.title.as_deref(), Some("Digital micro-credential creation"));
    assert_eq!(a.eqf_level, Some(6));
    assert_eq!(a.credits.first().map(|c| c.points.as_str()), Some("2"));
    assert_eq!(a.credits[0].framework.as_deref(), Some("ECTS"), "said as people say it, not \"European Credit Transfer System\"");
    assert!(a.learning_outcomes.len() >= 2, "{:?}", a.learning_outcomes);
    assert!(a.learning_outcomes.iter().all(|o| !o.is_empty()));
    assert_eq!(a.volume_in_words.as_deref(), Some("60 hours"));
    assert!(a.grade.is_some() && a.awarding_body.is_some(), "{a:?}");
    assert_eq!(a.grade.as_deref(), Some("Pass (Standard grading)"), "a grade with its scale");
    assert!(v.description.as_deref().is_none_or(|d| !d.starts_with("has ")), "no template fragment as a subtitle: {:?}", v.description);
    assert!(!v.pages.is_empty() && v.pages[0].src.starts_with("data:image/"), "the rendered page");
}

#[test]
fn an_open_badge_shows_its_achievement() {
    let Some(dir) = vectors() else { return };
    let v = view(&std::fs::read(dir.join("dcc-ob3-v2-spec-example-eddsa-rdfc-2022.json")).unwrap(), &["en"]).unwrap();
    assert!(v.title.is_some() && v.issuer.name.is_some(), "{v:?}");
    let a = v.achievements.first().expect("the achievement");
    assert!(a.title.is_some() && a.criteria.is_some(), "{a:?}");
}

#[test]
fn a_legacy_europass_xml_shows_its_learning() {
    let Some(dir) = vectors() else { return };
    let v = view(&std::fs::read(dir.join("edc/EDC_DiplomaSupplement_AA.xml")).unwrap(), &["en"]).unwrap();
    assert_eq!(v.title.as_deref(), Some("Graduate University Study of Civil Engineering - Diploma Supplement"));
    assert_eq!(v.learner.as_deref(), Some("Ana Andromeda"));
    let master = &v.achievements[0];
    assert_eq!(master.credits[0].points, "120");
    assert_eq!(master.volume_in_words.as_deref(), Some("1440 hours"));
    let maths = master.parts.iter().find(|p| p.title.as_deref() == Some("Applied mathematics")).expect("its parts");
    assert_eq!(maths.eqf_level, Some(5));
    assert_eq!(maths.learning_outcomes.len(), 2);
    let es = view(&std::fs::read(dir.join("edc/EDC_DiplomaSupplement_AA.xml")).unwrap(), &["es"]).unwrap();
    assert!(es.title.as_deref().is_some_and(|t| t.contains("Suplemento")), "in Spanish when asked: {:?}", es.title);
}

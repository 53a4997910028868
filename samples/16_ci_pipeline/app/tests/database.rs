//! Integration test against the pipeline's Postgres service: DATABASE_URL (set by the test stage) names it,
//! through the host name `postgres`. Without DATABASE_URL the test fails: it exists to prove the connection.

use app::pg::{Client, Url};
use app::Inventory;

fn connect() -> Client {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL must name the test database");
    let url = Url::parse(&url).expect("DATABASE_URL");
    Client::connect(&url).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn inventory_round_trip_through_postgres() {
    let mut db = connect();
    db.query("DROP TABLE IF EXISTS inventory; CREATE TABLE inventory (name text PRIMARY KEY, quantity bigint NOT NULL)")
        .unwrap();
    let inventory = Inventory::parse(&["apples=3", "pears=2", "plums=7"]).unwrap();
    for (name, quantity) in inventory.items() {
        db.query(&format!("INSERT INTO inventory VALUES ('{name}', {quantity})")).unwrap();
    }
    let rows = db.query("SELECT count(*), sum(quantity) FROM inventory").unwrap();
    assert_eq!(rows, vec![vec![Some("3".to_string()), Some(inventory.total().to_string())]]);
    let rows = db.query("SELECT current_user, current_database()").unwrap();
    assert_eq!(rows, vec![vec![Some("ci".to_string()), Some("ci_test".to_string())]]);
}

#[test]
fn errors_are_reported() {
    let mut db = connect();
    let error = db.query("SELECT * FROM no_such_table").unwrap_err();
    assert!(error.contains("no_such_table"), "{error}");
}

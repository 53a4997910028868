//! The demo application's library: an inventory of named quantities, and a minimal PostgreSQL client
//! (`pg`) that the integration test uses to store the inventory in the database of the CI pipeline's
//! Postgres service. No external crates: the pipeline builds offline.

pub mod pg;

use std::collections::BTreeMap;

/// Items and their quantities, sorted by name.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Inventory {
    items: BTreeMap<String, u64>,
}

impl Inventory {
    /// Parses `name=quantity` arguments; a name given twice adds up.
    pub fn parse<S: AsRef<str>>(args: &[S]) -> Result<Inventory, String> {
        let mut inventory = Inventory::default();
        for arg in args {
            let arg = arg.as_ref();
            let (name, quantity) = arg
                .split_once('=')
                .ok_or_else(|| format!("`{arg}` is not of the form name=quantity"))?;
            if name.is_empty() {
                return Err(format!("`{arg}` has an empty name"));
            }
            let quantity: u64 = quantity
                .parse()
                .map_err(|_| format!("`{quantity}` is not a quantity (in `{arg}`)"))?;
            inventory.add(name, quantity);
        }
        Ok(inventory)
    }

    pub fn add(&mut self, name: &str, quantity: u64) {
        *self.items.entry(name.to_string()).or_default() += quantity;
    }

    pub fn total(&self) -> u64 {
        self.items.values().sum()
    }

    pub fn items(&self) -> impl Iterator<Item = (&str, u64)> {
        self.items.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// One line: `3 items, 5 units: apples 3, pears 2`.
    pub fn summary(&self) -> String {
        let list: Vec<String> = self.items().map(|(name, q)| format!("{name} {q}")).collect();
        format!("{} items, {} units: {}", self.items.len(), self.total(), list.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_sums() {
        let inventory = Inventory::parse(&["pears=2", "apples=3", "pears=1"]).unwrap();
        assert_eq!(inventory.total(), 6);
        assert_eq!(inventory.summary(), "2 items, 6 units: apples 3, pears 3");
    }

    #[test]
    fn rejects_bad_arguments() {
        assert!(Inventory::parse(&["apples"]).is_err());
        assert!(Inventory::parse(&["=3"]).is_err());
        assert!(Inventory::parse(&["apples=-1"]).is_err());
    }
}

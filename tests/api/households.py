"""Households the API tests send, in the API's own shape."""

#: The Garcias as the API takes them: four people in Boston, $52,000.
GARCIAS = {
    "household": {
        "income": 52000,
        "people": [
            {"age": 40, "relationship": "Self"},
            {"age": 38, "relationship": "Spouse"},
            {"age": 10, "relationship": "Child"},
            {"age": 7, "relationship": "Child"},
        ],
    },
    "place": {"state": "MA", "zipcode": "02108", "countyfips": "25025"},
    "year": 2026,
}

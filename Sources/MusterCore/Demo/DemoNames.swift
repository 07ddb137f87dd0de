/// Made-up names for made-up people and places. Nobody real is named: first names and
/// surnames are combined at random, and places are invented English-sounding ones.
enum DemoNames {
    static let area = "Northshire"

    static let firstNames = [
        "Amelia", "Olivia", "Isla", "Ava", "Mia", "Sophia", "Grace", "Lily", "Freya", "Emily", "Aisha", "Zara", "Priya",
        "Chloe", "Hannah", "Ruby", "Megan", "Sian", "Niamh", "Fatima", "Maryam", "Ellie", "Lucy", "Rachel", "Joanne",
        "Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Arthur", "Muhammad", "Oscar", "Charlie", "Jacob", "Thomas",
        "Daniel", "Samuel", "Ravi", "Imran", "Kwame", "Tomasz", "Liam", "Owen", "Rhys", "Callum", "Mark", "David", "Paul",
    ]

    static let surnames = [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Khan", "Hughes",
        "Edwards", "Turner", "Hill", "Moore", "Martin", "Cooper", "Ward", "Morris", "Ali", "Begum", "Okafor", "Nowak",
        "O'Brien", "Murphy", "Kelly", "Campbell", "Stewart", "Price", "Bennett", "Shah", "Hussain", "Mensah", "Lewis",
        "Harris", "King", "Baker", "Young",
    ]

    static let places = [
        "Ashby", "Beckford", "Brampton", "Carlton", "Denholme", "Eastfield", "Fairmead", "Greystone", "Hadley", "Kingsmoor",
        "Langford", "Marston", "Netherby", "Oakridge", "Pennington", "Queensbury", "Ravenscar", "Sandholme", "Thornbury",
        "Upton", "Westbrook", "Whitlow", "Yarrow", "Alderley", "Birchwood", "Colebrook", "Dunmore", "Elmstead", "Foxley",
        "Glenfield", "Holbeck", "Ivybridge", "Kelford", "Lindley", "Millbrook", "Northwood", "Orchard Vale", "Parkside",
        "Riverside", "Southgate",
    ]

    static let trainerNames = [
        "Helen Carter", "Sanjay Mistry", "Bridget Doyle", "Femi Adeyemi", "Gareth Powell", "Naomi Fletcher",
        "Claire Atkinson", "Yusuf Rahman", "Diane Marsh", "Peter Lloyd", "Alison Reid", "Marcus Grant",
    ]
}

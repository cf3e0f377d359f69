package s3cse.adapter.s3ec;

/** The protocol's `s3cse.writeFormat` extension: which envelope format a client must write. */
enum WriteFormat {
  V1_EO("v1-eo"),
  V1_AE("v1-ae"),
  V2("v2"),
  V3("v3");

  final String wireName;

  WriteFormat(String wireName) {
    this.wireName = wireName;
  }

  static WriteFormat parse(String wireName) {
    for (WriteFormat f : values()) {
      if (f.wireName.equals(wireName)) return f;
    }
    throw new BadRequest("unknown s3cse.writeFormat: " + wireName);
  }
}

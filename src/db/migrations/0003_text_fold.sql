-- Diacritic folding inside SQL, for text searched without a stored folded column (decision subjects and issuing
-- bodies). Portable: no extension, only translate(); matches foldText() in src/lib/text.ts for precomposed (NFC) text.
create function fold_vi(value text) returns text language sql immutable parallel safe as $$
  select regexp_replace(lower(translate(value, 'àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬèéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆìíỉĩịÌÍỈĨỊòóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰỳýỷỹỵỲÝỶỸỴđĐ', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyydd')), '\s+', ' ', 'g')
$$;
